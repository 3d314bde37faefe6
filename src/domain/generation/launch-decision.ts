import { formatUsd, type MicroUsd } from '../money/micro-usd.js';

/** Everything the engine knows that bears on launching another attempt. */
export interface LaunchState {
  readonly requestedImages: number;
  readonly completedImages: number;
  readonly inFlight: number;
  readonly attemptsStarted: number;
  readonly maxAttempts: number;
  readonly concurrency: number;
  readonly spendMicroUsd: MicroUsd;
  /** Worst-case price of one attempt: in-flight attempts are reserved at this price against the cost cap. */
  readonly priceMicroUsd: MicroUsd;
  readonly costCapMicroUsd: MicroUsd | null;
  readonly isCancelRequested: boolean;
  /** Set once a failure no retry can fix has happened; the message says what to do. */
  readonly fatalReason: string | null;
}

export type LaunchDecision =
  | { readonly kind: 'launch'; readonly count: number }
  | { readonly kind: 'wait' }
  | { readonly kind: 'finish'; readonly status: 'completed' | 'canceled' | 'failed'; readonly reason: string };

/**
 * The one place that decides how many attempts to start now, and when a job is over. Pure.
 * Never more in flight than the concurrency limit or than images still missing (so a success is never wasted), never
 * more attempts than the cap, never a launch the cost cap could not pay for if everything in flight succeeded.
 */
export function decideLaunch(state: LaunchState): LaunchDecision {
  const missing = state.requestedImages - state.completedImages;
  const isStopping = state.isCancelRequested || state.fatalReason !== null || missing <= 0;
  if (isStopping) return state.inFlight > 0 ? { kind: 'wait' } : finishStopped(state);

  const room = Math.min(
    state.concurrency - state.inFlight,
    missing - state.inFlight,
    state.maxAttempts - state.attemptsStarted,
    affordableAttempts(state),
  );
  if (room > 0) return { kind: 'launch', count: room };
  if (state.inFlight > 0) return { kind: 'wait' };
  return { kind: 'finish', status: 'completed', reason: exhaustedReason(state) };
}

function affordableAttempts(state: LaunchState): number {
  if (state.costCapMicroUsd === null) return Number.POSITIVE_INFINITY;
  if (state.priceMicroUsd <= 0) return Number.POSITIVE_INFINITY;
  const left = state.costCapMicroUsd - state.spendMicroUsd - state.inFlight * state.priceMicroUsd;
  return Math.max(0, Math.floor(left / state.priceMicroUsd));
}

function finishStopped(state: LaunchState): LaunchDecision {
  const got = `${state.completedImages}/${state.requestedImages} images`;
  if (state.fatalReason !== null)
    return { kind: 'finish', status: 'failed', reason: `${state.fatalReason} (${got} kept).` };
  if (state.completedImages >= state.requestedImages) {
    return {
      kind: 'finish',
      status: 'completed',
      reason: `Generated all ${state.requestedImages} images in ${state.attemptsStarted} attempts.`,
    };
  }
  return {
    kind: 'finish',
    status: 'canceled',
    reason: `Canceled by request after ${state.attemptsStarted} attempts (${got} kept).`,
  };
}

function exhaustedReason(state: LaunchState): string {
  const got = `${state.completedImages}/${state.requestedImages}`;
  const isCostCapped = state.attemptsStarted < state.maxAttempts;
  const cap = isCostCapped
    ? `the cost cap of ${formatUsd(state.costCapMicroUsd ?? 0)} was reached (spent ${formatUsd(state.spendMicroUsd)})`
    : `all ${state.maxAttempts} attempts were used`;
  if (state.completedImages === 0) {
    const advice = isCostCapped ? 'raise --cost-cap' : 'try another scenario or prompts, or a higher --max-attempts';
    const failed =
      state.attemptsStarted === 0 ? 'no attempt could start' : `all ${state.attemptsStarted} attempts failed`;
    return `No image was generated: ${cap} and ${failed}. See \`troupe jobs show\` for why; ${advice}.`;
  }
  return `Partial result: ${got} images, because ${cap}. Run generate again for the rest.`;
}
