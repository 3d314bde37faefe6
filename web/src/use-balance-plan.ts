// The balance plan for the last request asked: a new request aborts the one in flight, and the plan stays on screen
// (marked as loading) while the next one is worked out.
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, errorMessage, isAbort } from './api/client';
import type { BalancePlan, BalanceRequest } from './api/types';

export interface BalancePlanState {
  /** The request the plan (or the error) answers. */
  request: BalanceRequest | undefined;
  plan: BalancePlan | undefined;
  error: string | undefined;
  isLoading: boolean;
}

export function useBalancePlan(actorId: string): BalancePlanState & { fetchPlan: (request: BalanceRequest) => void } {
  const [state, setState] = useState<BalancePlanState>({
    request: undefined,
    plan: undefined,
    error: undefined,
    isLoading: false,
  });
  const inFlight = useRef<AbortController | undefined>(undefined);

  const fetchPlan = useCallback(
    (request: BalanceRequest) => {
      inFlight.current?.abort();
      const controller = new AbortController();
      inFlight.current = controller;
      setState((current) => ({ ...current, error: undefined, isLoading: true }));
      api.planBalance(actorId, request, controller.signal).then(
        ({ plan }) => setState({ request, plan, error: undefined, isLoading: false }),
        (error: unknown) => {
          if (!isAbort(error)) setState({ request, plan: undefined, error: errorMessage(error), isLoading: false });
        },
      );
    },
    [actorId],
  );

  useEffect(() => () => inFlight.current?.abort(), []);
  return { ...state, fetchPlan };
}
