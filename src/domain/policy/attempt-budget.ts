import { defaultCostCapAttempts } from './job-odds.js';

/** The confidence the default budget buys: P(reach N within it) at the estimated success rate. */
export const DEFAULT_BUDGET_CONFIDENCE = 0.99;
/**
 * No default budget exceeds this many attempts per image (plus a little slack for small jobs): below a success rate
 * of about 20% the 99% budget would run away, and the user should see poor odds and decide, not pay for them blind.
 */
export const MAX_BUDGET_ATTEMPTS_PER_IMAGE = 6;
const SMALL_JOB_SLACK = 10;

/**
 * The default attempt budget, replacing the seed's fixed cap of min(2N+3, 25): the fewest attempts that reach N
 * images with DEFAULT_BUDGET_CONFIDENCE at success rate p, capped at MAX_BUDGET_ATTEMPTS_PER_IMAGE per image.
 */
export function derivedAttemptBudget(n: number, p: number, confidence = DEFAULT_BUDGET_CONFIDENCE): number {
  const ceiling = MAX_BUDGET_ATTEMPTS_PER_IMAGE * n + SMALL_JOB_SLACK;
  return Math.max(n, Math.min(ceiling, defaultCostCapAttempts(n, p, confidence)));
}
