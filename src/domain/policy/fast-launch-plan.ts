import { binomialPmf } from './binomial.js';

/** The solved dynamic program for one success rate and concurrency; reusable across decisions while p holds. */
export interface FastLaunchPlan {
  readonly p: number;
  readonly concurrency: number;
  /** What one round of waiting is worth in paid attempts (see DEFAULT_ROUND_COST_PER_SLOT in launch-modes.ts). */
  readonly roundCostAttempts: number;
  /** pmfs[k][s] = P(s successes among k attempts), k = 0..concurrency. */
  readonly pmfs: readonly (readonly number[])[];
  /** values[m] = the least expected cost (rounds * roundCostAttempts + extra attempts) to get m missing images. */
  readonly values: readonly number[];
  /** targets[m] = the smallest k reaching values[m]: what to keep in flight when no cap binds. */
  readonly targets: readonly number[];
}

/**
 * The dynamic program behind `fast`, over rounds (every attempt in flight ends after one latency L). With m images
 * missing and k attempts in flight (min(m, C) <= k <= C), S ~ Binomial(k, p) succeed; successes beyond m are
 * wasted. By Wald's identity, E[attempts] = (N + E[wasted successes]) / p, so a wasted success costs 1/p attempts
 * over the physical minimum N/p. The cost of a round with k in flight is therefore
 *   roundCostAttempts + E[max(0, S - m)] / p + E[V(max(0, m - S))],
 * and V(m) is its minimum over k; a round with no success returns to m, which the closed form divides out.
 * Work: maxMissing * concurrency^2 multiply-adds.
 */
export function planFastLaunch(
  p: number,
  concurrency: number,
  maxMissing: number,
  roundCostAttempts: number,
): FastLaunchPlan {
  const pmfs = Array.from({ length: concurrency + 1 }, (_, k) => binomialPmf(k, p));
  const values = [0];
  const targets = [0];
  const plan = { p, concurrency, roundCostAttempts, pmfs, values, targets };
  for (let m = 1; m <= maxMissing; m += 1) {
    const k = argmin(plan, m, Math.min(m, concurrency), concurrency);
    values.push(roundCost(plan, m, k));
    targets.push(k);
  }
  return plan;
}

/** The expected cost of keeping k in flight now with m missing, then following the plan. */
export function roundCost(plan: FastLaunchPlan, missing: number, k: number): number {
  const pmf = plan.pmfs[k]!;
  const stall = pmf[0]!;
  if (stall >= 1 || plan.p <= 0) return Number.POSITIVE_INFINITY;
  let cost = plan.roundCostAttempts;
  for (let s = 1; s <= k; s += 1) {
    const probability = pmf[s]!;
    cost += probability * (s > missing ? (s - missing) / plan.p : plan.values[missing - s]!);
  }
  return cost / (1 - stall);
}

/** The smallest k in [low, high] with the least expected cost; the plan must cover `missing`. */
export function cheapestInFlight(plan: FastLaunchPlan, missing: number, low: number, high: number): number {
  if (missing >= plan.values.length) {
    throw new RangeError(`The plan covers ${plan.values.length - 1} missing images, not ${missing}.`);
  }
  const isUncapped = low === Math.min(missing, plan.concurrency) && high === plan.concurrency;
  return isUncapped ? plan.targets[missing]! : argmin(plan, missing, low, high);
}

function argmin(plan: FastLaunchPlan, missing: number, low: number, high: number): number {
  let bestK = low;
  let best = Number.POSITIVE_INFINITY;
  for (let k = low; k <= high; k += 1) {
    const cost = roundCost(plan, missing, k);
    if (cost < best - 1e-12) {
      best = cost;
      bestK = k;
    }
  }
  return bestK;
}
