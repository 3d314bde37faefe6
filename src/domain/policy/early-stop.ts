import { betaBinomialAtLeast } from './binomial.js';
import type { BetaEstimate } from './beta-estimate.js';
import { countOf } from '../text/count-noun.js';

export interface EarlyStopState {
  readonly missing: number;
  readonly inFlight: number;
  /** Attempts the attempt cap still allows to start. */
  readonly attemptsLeft: number;
  /** Attempts the cost cap can still pay for beyond those in flight (Infinity when uncapped). */
  readonly affordableAttempts: number;
  /** The provider/model estimate, updated after every attempt. */
  readonly estimate: BetaEstimate;
}

/** Stop when reaching N inside the caps has become less likely than this. */
export const DEFAULT_EARLY_STOP_THRESHOLD = 0.01;

export interface EarlyStopVerdict {
  readonly isStop: boolean;
  /** P(reach N with the attempts in flight and the attempts left), over the estimate's uncertainty. */
  readonly pReachN: number;
  /** For the job's finish reason when isStop: what happened, why, what to do. */
  readonly reason: string;
}

/**
 * The odds of still reaching N: every attempt in flight plus every attempt the caps still allow, each succeeding at
 * a rate that is itself uncertain (beta-binomial), so a bad start over a few attempts does not stop a job that a
 * point estimate would give up on.
 */
export function earlyStopVerdict(state: EarlyStopState, threshold = DEFAULT_EARLY_STOP_THRESHOLD): EarlyStopVerdict {
  if (state.missing <= 0) return { isStop: false, pReachN: 1, reason: '' };
  const remaining = state.inFlight + Math.max(0, Math.min(state.attemptsLeft, state.affordableAttempts));
  const pReachN = betaBinomialAtLeast(state.missing, remaining, state.estimate.alpha, state.estimate.beta);
  const rate = (100 * state.estimate.alpha) / (state.estimate.alpha + state.estimate.beta);
  const reason =
    `Stopped early: ${countOf(state.missing, 'image')} ${state.missing === 1 ? 'is' : 'are'} still missing but at most ${countOf(remaining, 'attempt')} ${remaining === 1 ? 'remains' : 'remain'}, and at the ` +
    `success rate seen so far (about ${rate.toFixed(0)}%) the chance of reaching the target is ` +
    `${(100 * pReachN).toFixed(1)}% (below ${(100 * threshold).toFixed(1)}%). Raise --cost-cap or --max-attempts, ` +
    `or try other prompts or another model, then run generate again for the rest.`;
  return { isStop: pReachN < threshold, pReachN, reason };
}

/** True when P(reach N with what is left) < threshold. */
export function shouldStopEarly(state: EarlyStopState, threshold = DEFAULT_EARLY_STOP_THRESHOLD): boolean {
  return earlyStopVerdict(state, threshold).isStop;
}
