// What the product plans for a first job on a fresh install, from the product's own code (prior, budget), and the
// simulation's expectation for that same plan (src/domain/policy/simulate-job.ts: rounds of one latency L, learning
// from every attempt as the engine does), to set beside what the real engine measures.
import { derivedAttemptBudget } from '../src/domain/policy/attempt-budget.js';
import { FRESH_PROVIDER_PSEUDO_COUNT, priorEstimate, type BetaEstimate } from '../src/domain/policy/beta-estimate.js';
import { DEFAULT_EARLY_STOP_THRESHOLD } from '../src/domain/policy/early-stop.js';
import { createPrng } from '../src/domain/policy/prng.js';
import { simulateJob } from '../src/domain/policy/simulate-job.js';

/** The replicate provider's typical rate (src/main/provider-factory.ts), worth what a fresh install gives it. */
export const FRESH_PRIOR: BetaEstimate = priorEstimate(0.85, FRESH_PROVIDER_PSEUDO_COUNT);

export interface SimulatedPlan {
  readonly pReachN: number;
  readonly meanAttempts: number;
  readonly meanWallRounds: number;
}

/** `jobs` simulated first jobs at true rate p, planned exactly as the product plans them (fast mode, early stop on). */
export function simulateFirstJobs(n: number, p: number, concurrency: number, jobs: number, seed = 1): SimulatedPlan {
  const random = createPrng(seed);
  const maxAttempts = derivedAttemptBudget(n, FRESH_PRIOR);
  let reached = 0;
  let attempts = 0;
  let rounds = 0;
  for (let i = 0; i < jobs; i += 1) {
    const job = simulateJob(
      {
        n,
        p,
        concurrency,
        maxAttempts,
        policy: 'fast',
        prior: FRESH_PRIOR,
        earlyStopThreshold: DEFAULT_EARLY_STOP_THRESHOLD,
      },
      random,
    );
    reached += job.isReachedN ? 1 : 0;
    attempts += job.attempts;
    rounds += job.wallRounds;
  }
  return { pReachN: reached / jobs, meanAttempts: attempts / jobs, meanWallRounds: rounds / jobs };
}

export function meanOf(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}

export function standardError(values: readonly number[]): number {
  if (values.length < 2) return Number.NaN;
  const m = meanOf(values);
  return Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1) / values.length);
}

/** One-sided 95% lower bound on a share from `hits` of `trials` (Clopper-Pearson; exact for hits = trials). */
export function lowerBound95(hits: number, trials: number): number {
  if (trials === 0) return Number.NaN;
  if (hits === trials) return 0.05 ** (1 / trials);
  let low = 0;
  let high = hits / trials;
  for (let i = 0; i < 60; i += 1) {
    const mid = (low + high) / 2;
    if (upperTail(hits, trials, mid) < 0.05) low = mid;
    else high = mid;
  }
  return low;
}

/** P(Binomial(trials, p) >= hits). */
function upperTail(hits: number, trials: number, p: number): number {
  let term = (1 - p) ** trials;
  let tail = 0;
  for (let k = 0; k <= trials; k += 1) {
    if (k >= hits) tail += term;
    term *= ((trials - k) / (k + 1)) * (p / (1 - p));
  }
  return tail;
}
