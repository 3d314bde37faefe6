import { betaBinomialAttemptsFor } from './binomial.js';
import type { BetaEstimate } from './beta-estimate.js';

/** The confidence the default budget buys: P(reach N within it), over everything the estimate allows the rate to be. */
export const DEFAULT_BUDGET_CONFIDENCE = 0.99;
/**
 * No default budget exceeds this many attempts per image (plus a little slack for small jobs): below a success rate
 * of about 20% the 99% budget would run away, and the user should see poor odds and decide, not pay for them blind.
 */
export const MAX_BUDGET_ATTEMPTS_PER_IMAGE = 6;
const SMALL_JOB_SLACK = 10;

/** The most attempts a default budget grants for n images. */
export function budgetCeiling(n: number): number {
  return MAX_BUDGET_ATTEMPTS_PER_IMAGE * n + SMALL_JOB_SLACK;
}

/**
 * The default attempt budget, replacing the seed's fixed cap of min(2N+3, 25): the fewest attempts that reach N
 * images with DEFAULT_BUDGET_CONFIDENCE under the beta-binomial predictive of the estimate, not at its mean. A rate
 * seen over few attempts (or none: a fresh install's prior) is uncertain, and the budget covers the low rates it still
 * allows; a rate learned over hundreds of attempts gives about the budget of that rate known exactly. Capped at
 * budgetCeiling(n).
 */
export function derivedAttemptBudget(
  n: number,
  estimate: BetaEstimate,
  confidence = DEFAULT_BUDGET_CONFIDENCE,
): number {
  return Math.max(n, betaBinomialAttemptsFor(n, confidence, estimate, budgetCeiling(n)));
}
