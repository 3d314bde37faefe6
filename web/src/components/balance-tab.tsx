import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../api/client';
import type { BalanceExecution, BalanceRequest, ServerConfig } from '../api/types';
import { plural } from '../format';
import {
  balanceFormProblem,
  initialBalanceForm,
  isSameRequest,
  toBalanceRequest,
  type BalanceForm,
} from '../state/balance-form';
import { sumCounts } from '../state/balance-summary';
import { useBalancePlan } from '../use-balance-plan';
import { useLoad } from '../use-load';
import { BalanceFormCard } from './balance-form-card';
import { BalancePlanCard } from './balance-plan-card';
import { BalanceRun } from './balance-run';
import { ConfirmDialog } from './confirm-dialog';
import { ErrorMessage } from './error-message';

interface BalanceTabProps {
  actorId: string;
  /** Called when images were deleted or added, so the actor's counts can be refreshed. */
  onSetChanged: () => void;
}

/** The seed's evaluate_and_balance: plan (a dry run), then execute: deletions now, the top-up as a live job. */
export function BalanceTab({ actorId, onSetChanged }: BalanceTabProps) {
  const config = useLoad((signal) => api.getConfig(signal), 'config');
  if (!config.data)
    return config.isLoading ? <p className="muted">Loading settings…</p> : <ErrorMessage message={config.error} />;
  return <BalanceWorkspace actorId={actorId} config={config.data} onSetChanged={onSetChanged} />;
}

type Run = BalanceExecution & { request: BalanceRequest; hasEnded: boolean };

function BalanceWorkspace({ actorId, config, onSetChanged }: BalanceTabProps & { config: ServerConfig }) {
  const [form, setForm] = useState<BalanceForm>(() => initialBalanceForm(config));
  const [isConfirming, setIsConfirming] = useState(false);
  const [run, setRun] = useState<Run | undefined>();
  const planned = useBalancePlan(actorId);
  const { fetchPlan } = planned;
  const problem = balanceFormProblem(form);
  const request = toBalanceRequest(form);
  const firstRequest = useRef(request);

  useEffect(() => fetchPlan(firstRequest.current), [fetchPlan]);

  function plan(): void {
    if (!problem) fetchPlan(request);
  }

  async function execute(): Promise<void> {
    const executed = planned.request ?? request;
    const result = await api.executeBalance(actorId, executed);
    setIsConfirming(false);
    setRun({ ...result, request: executed, hasEnded: result.job === null });
    onSetChanged();
    if (result.job === null) fetchPlan(executed);
  }

  const runRequest = run?.request;
  const onRunEnded = useCallback(() => {
    setRun((current) => current && { ...current, hasEnded: true });
    if (runRequest) fetchPlan(runRequest);
    onSetChanged();
  }, [runRequest, fetchPlan, onSetChanged]);

  const executeBlocker =
    run && !run.hasEnded
      ? 'A balance run is in progress: wait for its top-up to end.'
      : !isSameRequest(request, planned.request)
        ? 'The settings changed since this plan: press Plan to see the new plan before executing it.'
        : undefined;
  const deleting = planned.plan?.deletions.length ?? 0;
  const generating = planned.plan ? sumCounts(planned.plan.generate) : 0;

  return (
    <div className="balance-layout">
      <BalanceFormCard
        config={config}
        form={form}
        problem={problem}
        isPlanning={planned.isLoading}
        onChange={(change) => setForm((current) => ({ ...current, ...change }))}
        onPlan={plan}
      />
      <div className="balance-main">
        <ErrorMessage message={planned.error} />
        {planned.plan ? (
          <BalancePlanCard
            actorId={actorId}
            plan={planned.plan}
            priceUsd={config.priceUsd}
            isLoading={planned.isLoading}
            executeBlocker={executeBlocker}
            onExecute={() => setIsConfirming(true)}
          />
        ) : (
          planned.isLoading && <p className="muted">Working out the plan…</p>
        )}
        {run && <BalanceRun key={run.job?.id ?? 'none'} log={run.log} job={run.job} onEnded={onRunEnded} />}
      </div>
      {isConfirming && (
        <ConfirmDialog
          title="Carry out this plan?"
          confirmLabel={deleting > 0 ? 'Delete and generate' : 'Generate'}
          onConfirm={execute}
          onClose={() => setIsConfirming(false)}
        >
          <p data-testid="balance-confirm-text">
            Delete {plural(deleting, 'image')} and generate {generating}.
          </p>
          <p className="small muted">
            {deleting > 0 ? 'Deleted images cannot be restored. ' : ''}The top-up runs as a job you can follow here and
            on the Jobs tab.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}
