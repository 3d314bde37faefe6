import { cheapestInFlight, planFastLaunch, type FastLaunchPlan } from './fast-launch-plan.js';

/**
 * thrifty: never more in flight than images still missing, so no success is ever wasted; expected attempts are the
 * physical minimum N/p, but the last images trickle in one round at a time.
 * fast (default): may keep up to the concurrency limit in flight when that saves enough waiting.
 */
export const LAUNCH_MODES = ['thrifty', 'fast'] as const;
export type LaunchMode = (typeof LAUNCH_MODES)[number];

/**
 * What one round of waiting (one latency L) is worth to `fast`, in paid attempts per concurrency slot. Why per
 * slot: the wall bound is about N/(pC) rounds and the attempt floor N/p, so one round is pC/N of the bound while one
 * attempt is p/N of the floor; weighing both relative overruns alike makes a round worth C attempts, whatever N and
 * p. The factor sets the trade-off: 0 is thrifty; 1 fills nearly every slot (p = 0.85, N = 5: 1.07x the wall bound
 * but 1.22x N/p attempts). At 0.25 (2 attempts per round at C = 8), for p in {0.35, 0.65, 0.85} x N in {5, 10, 20},
 * every cell but one lands within 1.3x of ceil(N/(pC)) rounds at <= 1.10 x N/p attempts. The exception, p = 0.65
 * and N = 5 (1.33x, 1.16x), is out of any policy's reach: launching 7 or fewer first leaves 47% of jobs needing a
 * second round (>= 1.47x), launching 8 costs >= 1.13x N/p attempts. bench/policy.bench.ts prints the table.
 */
export const DEFAULT_ROUND_COST_PER_SLOT = 0.25;

export interface InFlightState {
  /** Images still missing (requested - completed). */
  readonly missing: number;
  readonly inFlight: number;
  /** Attempts the attempt cap still allows to start (cap - started). */
  readonly attemptsLeft: number;
  /** Attempts the cost cap can still pay for beyond those in flight (Infinity when uncapped). */
  readonly affordableAttempts: number;
  readonly concurrency: number;
  /** Launches the provider's rate limit allows right now (omitted: no limit). */
  readonly rateLimitLaunches?: number;
  /** The success rate to plan with: the provider estimate's mean. */
  readonly p: number;
  readonly mode: LaunchMode;
  /** What one round of waiting is worth in attempts; default DEFAULT_ROUND_COST_PER_SLOT * concurrency. */
  readonly roundCostAttempts?: number;
}

/**
 * How many attempts should be in flight now; the caller launches max(0, target - inFlight) and never cancels
 * because of it. Never more than the concurrency, nor more new launches than the attempt cap, the cost cap or the
 * rate limit allow. `plan` (optional) reuses a fast plan built for the same p and concurrency covering `missing`.
 */
export function decideInFlightTarget(state: InFlightState, plan?: FastLaunchPlan): number {
  if (state.missing <= 0 || state.concurrency <= 0) return 0;
  const newLaunches = Math.min(state.attemptsLeft, state.affordableAttempts, state.rateLimitLaunches ?? Infinity);
  const high = Math.min(state.concurrency, state.inFlight + Math.max(0, newLaunches));
  const low = Math.min(state.missing, state.concurrency);
  if (state.mode === 'thrifty' || high <= low || state.p >= 1 || state.p <= 0) return Math.min(low, high);
  const roundCost = state.roundCostAttempts ?? defaultRoundCostAttempts(state.concurrency);
  const usable = plan ?? planFastLaunch(state.p, state.concurrency, state.missing, roundCost);
  if (state.inFlight === 0) return cheapestInFlight(usable, state.missing, low, high);
  // Mid-round, what is already in flight will bring about p * inFlight images before anything launched now ends:
  // launches now belong to the next round, so they are planned for what is expected to be missing then. Planning
  // for `missing` instead would replace every early failure at once, while the round's successes are still being
  // stored, and launch spares the round did not need.
  const expectedMissing = Math.round(Math.max(0, state.missing - state.p * state.inFlight));
  const nextRound =
    expectedMissing === 0
      ? 0
      : cheapestInFlight(usable, expectedMissing, Math.min(expectedMissing, state.concurrency), state.concurrency);
  return Math.min(high, Math.max(low, state.inFlight + nextRound));
}

export function defaultRoundCostAttempts(concurrency: number): number {
  return DEFAULT_ROUND_COST_PER_SLOT * concurrency;
}
