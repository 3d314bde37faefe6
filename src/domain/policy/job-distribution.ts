import { betaBinomialPmf, binomialPmf } from './binomial.js';
import type { BetaEstimate } from './beta-estimate.js';
import { MassTable } from './mass-table.js';

/** How many attempts to launch in a round (nothing in flight) with `missing` images missing and `attemptsLeft`. */
export type RoundLauncher = (missing: number, attemptsLeft: number) => number;

/**
 * P(s successes among k attempts launched in state (missing, used)), s = 0..k. With a known rate it is the binomial
 * whatever the state; with an estimated one it is the beta-binomial of the estimate updated by the job's own outcomes
 * so far, which the state fixes (N - missing successes, the rest of `used` failures).
 */
export type RoundOutcomes = (k: number, missing: number, used: number) => readonly number[];

export interface JobDistribution {
  readonly pReachN: number;
  /** attempts[a] = P(the job ends having paid for a attempts). */
  readonly attempts: readonly number[];
  /** rounds[r] = P(the job ends after r rounds of one latency each). */
  readonly rounds: readonly number[];
  /** Transitions followed: the running time, as a count. */
  readonly work: number;
}

/**
 * Masses below this are dropped: a long job visits up to a few hundred thousand states, so at most ~1e-7 of the
 * total goes missing, far below any probability anyone reads (P(reach N) itself is computed in closed form).
 */
const NEGLIGIBLE = 1e-13;

/**
 * The exact distribution of a job's attempts and rounds under a deterministic round policy, by pushing probability
 * mass forward over states (missing, attempts used), one round at a time. Returns undefined when it would take
 * more than `workLimit` transitions (the caller then simulates).
 */
export function exactJobDistribution(
  input: { readonly n: number; readonly cap: number; readonly launch: RoundLauncher; readonly outcomes: RoundOutcomes },
  workLimit: number,
): JobDistribution | undefined {
  const { n, cap } = input;
  if (n <= 0) return { pReachN: 1, attempts: [1], rounds: [1], work: 0 };
  const width = cap + 1;
  const attempts = new Array<number>(width).fill(0);
  const rounds: number[] = [0];
  let layer = new MassTable();
  layer.add(n, 0, 1);
  let pReachN = 0;
  let work = 0;
  for (let round = 1; layer.size > 0 && work <= workLimit; round += 1) {
    const next = new MassTable(layer.size * 2);
    rounds.push(0);
    layer.forEach((missing, used, mass) => {
      const k = Math.min(input.launch(missing, cap - used), cap - used);
      if (k <= 0) {
        attempts[used]! += mass;
        rounds[round - 1]! += mass;
        return;
      }
      const pmf = input.outcomes(k, missing, used);
      work += k + 1;
      for (let s = 0; s <= k; s += 1) {
        const share = mass * pmf[s]!;
        if (share < NEGLIGIBLE) continue;
        const left = Math.max(0, missing - s);
        if (left > 0 && used + k < cap) {
          next.add(left, used + k, share);
          continue;
        }
        attempts[used + k]! += share;
        rounds[round]! += share;
        if (left === 0) pReachN += share;
      }
    });
    layer = next;
  }
  if (work > workLimit) return undefined;
  return { pReachN, attempts, rounds, work };
}

/** Outcomes at a rate known exactly: one binomial per launch size, whatever the state. */
export function knownRateOutcomes(p: number): RoundOutcomes {
  const pmfs = new Map<number, number[]>();
  return (k) => {
    let pmf = pmfs.get(k);
    if (pmf === undefined) pmfs.set(k, (pmf = binomialPmf(k, p)));
    return pmf;
  };
}

/**
 * Outcomes at a rate known only as `estimate`, for a job of n images: a round's successes are beta-binomial under the
 * estimate as the job's own outcomes so far have updated it (exactly the Bayesian predictive, a Polya urn), so a job
 * that meets a low rate keeps being followed at that rate rather than at the prior's mean.
 */
export function estimatedRateOutcomes(n: number, estimate: BetaEstimate): RoundOutcomes {
  return (k, missing, used) => {
    const successes = n - missing;
    return betaBinomialPmf(k, estimate.alpha + successes, estimate.beta + used - successes);
  };
}
