import { formatUsd, type MicroUsd } from '../money/micro-usd.js';
import { mean, type BetaEstimate } from '../policy/beta-estimate.js';
import { earlyStopVerdict } from '../policy/early-stop.js';
import type { FastLaunchPlan } from '../policy/fast-launch-plan.js';
import { decideInFlightTarget, type LaunchMode } from '../policy/launch-modes.js';
import { countOf } from '../text/count-noun.js';

/** Everything the engine knows that bears on launching another attempt. */
export interface LaunchState {
  readonly requestedImages: number;
  readonly completedImages: number;
  readonly inFlight: number;
  /** Of those in flight, attempts whose run has succeeded and whose image is being kept: images all but in hand. */
  readonly storing?: number;
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
  readonly mode: LaunchMode;
  /** What the job believes about one attempt's success rate, updated after every attempt. */
  readonly estimate: BetaEstimate;
  /** Stop launching once P(reach N within the caps) falls below this; 0 never stops early. */
  readonly earlyStopBelow: number;
  /** A `fast` plan for the estimate's mean and this concurrency covering the images missing, to skip re-solving. */
  readonly fastPlan?: FastLaunchPlan;
}

export type LaunchDecision =
  | { readonly kind: 'launch'; readonly count: number }
  | { readonly kind: 'wait' }
  | { readonly kind: 'finish'; readonly status: 'completed' | 'canceled' | 'failed'; readonly reason: string };

/**
 * The one place that decides how many attempts to start now, and when a job is over. Pure.
 * How many to keep in flight is the launch mode's call (thrifty: never more than images still missing, so no success
 * is wasted; fast: more when that saves enough waiting); never more runs at the provider than the concurrency limit, never more attempts
 * than the cap, never a launch the cost cap could not pay for if everything in flight succeeded. Once reaching N has
 * become very unlikely it stops launching and says why, instead of spending the rest of the budget.
 */
export function decideLaunch(state: LaunchState): LaunchDecision {
  const missing = state.requestedImages - state.completedImages;
  const isStopping = state.isCancelRequested || state.fatalReason !== null || missing <= 0;
  if (isStopping) return state.inFlight > 0 ? { kind: 'wait' } : finishStopped(state);

  const attemptsLeft = state.maxAttempts - state.attemptsStarted;
  const affordable = affordableAttempts(state);
  // A run that succeeded is an image all but kept (download, checks, numbering): plan with it as one, so the
  // failures of a round, which are heard of first, are not replaced before its successes are stored.
  const storing = state.storing ?? 0;
  const running = state.inFlight - storing;
  const stillMissing = missing - storing;
  const verdict = earlyStopVerdict(
    {
      missing: stillMissing,
      inFlight: running,
      attemptsLeft,
      affordableAttempts: affordable,
      estimate: state.estimate,
    },
    state.earlyStopBelow,
  );
  if (verdict.isStop) {
    if (state.inFlight > 0) return { kind: 'wait' };
    return { kind: 'finish', status: 'completed', reason: earlyStopReason(state, verdict.reason) };
  }

  const target = decideInFlightTarget(
    {
      missing: stillMissing,
      inFlight: running,
      attemptsLeft,
      affordableAttempts: affordable,
      concurrency: state.concurrency,
      p: mean(state.estimate),
      mode: state.mode,
    },
    state.fastPlan,
  );
  // The concurrency bounds runs at the provider: a run being stored is local work (download, checks, numbering) and
  // holds no place there, so its successor need not wait for the file. The cost cap still reserves it (affordable).
  const room = Math.min(target - running, state.concurrency - running, attemptsLeft, affordable);
  if (room > 0) return { kind: 'launch', count: room };
  if (state.inFlight > 0) return { kind: 'wait' };
  return { kind: 'finish', status: 'completed', reason: exhaustedReason(state) };
}

function earlyStopReason(state: LaunchState, reason: string): string {
  return `${reason} Kept ${state.completedImages}/${state.requestedImages} images after ${countOf(state.attemptsStarted, 'attempt')}.`;
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
      reason: `Generated ${state.requestedImages === 1 ? 'the 1 image' : `all ${state.requestedImages} images`} in ${countOf(state.attemptsStarted, 'attempt')}.`,
    };
  }
  return {
    kind: 'finish',
    status: 'canceled',
    reason: `Canceled by request after ${countOf(state.attemptsStarted, 'attempt')} (${got} kept).`,
  };
}

function exhaustedReason(state: LaunchState): string {
  const got = `${state.completedImages}/${state.requestedImages}`;
  const isCostCapped = state.attemptsStarted < state.maxAttempts;
  const cap = isCostCapped
    ? `the cost cap of ${formatUsd(state.costCapMicroUsd ?? 0)} was reached (spent ${formatUsd(state.spendMicroUsd)})`
    : `${state.maxAttempts === 1 ? 'the only attempt was' : `all ${state.maxAttempts} attempts were`} used`;
  if (state.completedImages === 0) {
    const advice = isCostCapped ? 'raise --cost-cap' : 'try another scenario or prompts, or a higher --max-attempts';
    const failed =
      state.attemptsStarted === 0
        ? 'no attempt could start'
        : `${state.attemptsStarted === 1 ? 'the only attempt' : `all ${state.attemptsStarted} attempts`} failed`;
    return `No image was generated: ${cap} and ${failed}. See \`troupe jobs show\` for why; ${advice}.`;
  }
  return `Partial result: ${got} images, because ${cap}. Run generate again for the rest.`;
}
