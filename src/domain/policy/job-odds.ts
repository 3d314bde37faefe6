import { betaBinomialAtLeast, binomialAtLeast, meanOf, quantileOf } from './binomial.js';
import { mean, sample, type BetaEstimate } from './beta-estimate.js';
import {
  estimatedRateOutcomes,
  exactJobDistribution,
  knownRateOutcomes,
  type RoundLauncher,
} from './job-distribution.js';
import { planFastLaunch, type FastLaunchPlan } from './fast-launch-plan.js';
import { decideInFlightTarget, defaultRoundCostAttempts } from './launch-modes.js';
import { createPrng } from './prng.js';
import { simulateJob, type SimPolicy } from './simulate-job.js';

interface PlannedJob {
  readonly n: number;
  readonly concurrency: number;
  readonly maxAttempts: number;
  /** The cost cap divided by the price of one attempt; omitted: no cost cap. */
  readonly costCapAttempts?: number;
  readonly mode: SimPolicy;
  readonly roundCostAttempts?: number;
}

/**
 * A job at a success rate known exactly (`p`), or known only as an estimate: then every figure is over the estimate's
 * whole uncertainty (its beta-binomial predictive), not at its mean, and launches are planned at its mean.
 */
export type ForecastInput = PlannedJob & ({ readonly p: number } | { readonly estimate: BetaEstimate });

/** Wall times are in rounds of one attempt latency L: multiply by the model's typical latency for seconds. */
export interface JobForecast {
  /** P(reach N within the caps): exact. */
  readonly pReachN: number;
  /** The most attempts the job can start: the attempt cap or what the cost cap pays for, whichever is lower. */
  readonly ceilingAttempts: number;
  readonly expectedAttempts: number;
  /** With attemptsP95, the 90% range of attempts paid (multiply by the price for dollars). */
  readonly attemptsP05: number;
  readonly attemptsP95: number;
  readonly expectedWallRounds: number;
  readonly wallP95Rounds: number;
  readonly method: 'exact' | 'simulation';
  /** Transitions followed (exact) or attempts simulated (simulation): the running time as a count. */
  readonly work: number;
}

/** Above this many transitions the exact calculation gives way to simulation, keeping a forecast under ~50 ms. */
export const EXACT_WORK_LIMIT = 1_500_000;
export const SIMULATION_TRIALS = 2000;
const SIMULATION_SEED = 0x7e0b;

/**
 * The odds of a planned job before it starts. P(reach N) is exact for every mode: all of them keep launching until
 * N images or the cap, so they reach N exactly when the cap's attempts bring N successes (binomial for a known rate,
 * beta-binomial for an estimated one). Attempts and wall rounds come from the exact round-by-round distribution when
 * that is cheap, else from a seeded simulation of SIMULATION_TRIALS jobs (each at a rate drawn from the estimate).
 * Ignores early stop. `exactWorkLimit` = 0 forces the simulation.
 */
export function forecast(input: ForecastInput, exactWorkLimit = EXACT_WORK_LIMIT): JobForecast {
  const cap = Math.min(input.maxAttempts, input.costCapAttempts ?? Infinity);
  const estimate = 'estimate' in input ? input.estimate : undefined;
  const planP = planningRate(input);
  const pReachN =
    estimate === undefined
      ? binomialAtLeast(input.n, cap, planP)
      : betaBinomialAtLeast(input.n, cap, estimate.alpha, estimate.beta);
  const outcomes = estimate === undefined ? knownRateOutcomes(planP) : estimatedRateOutcomes(input.n, estimate);
  const exact = exactJobDistribution(
    { n: input.n, cap, launch: roundLauncher(input, planP), outcomes },
    exactWorkLimit,
  );
  if (exact !== undefined) {
    const { attempts, rounds, work } = exact;
    return { pReachN, ceilingAttempts: cap, ...summary(attempts, rounds), method: 'exact', work };
  }
  const random = createPrng(SIMULATION_SEED);
  const fastPlan = input.mode === 'fast' ? planFor(input, planP) : undefined;
  const attempts = new Array<number>(cap + 1).fill(0);
  const rounds = new Array<number>(cap + 1).fill(0);
  let work = 0;
  for (let trial = 0; trial < SIMULATION_TRIALS; trial += 1) {
    const p = estimate === undefined ? planP : sample(estimate, random);
    const job = simulateJob({ ...input, p, planP, maxAttempts: cap, policy: input.mode, fastPlan }, random);
    attempts[job.attempts]! += 1;
    rounds[job.wallRounds]! += 1;
    work += job.attempts;
  }
  return { pReachN, ceilingAttempts: cap, ...summary(attempts, rounds), method: 'simulation', work };
}

/** The rate launches are planned at: the known rate, or the estimate's mean. */
export function planningRate(input: ForecastInput): number {
  return 'estimate' in input ? mean(input.estimate) : input.p;
}

function planFor(input: ForecastInput, p: number): FastLaunchPlan {
  const roundCost = input.roundCostAttempts ?? defaultRoundCostAttempts(input.concurrency);
  return planFastLaunch(p, input.concurrency, input.n, roundCost);
}

function roundLauncher(input: ForecastInput, p: number): RoundLauncher {
  if (input.mode === 'seed') return () => 1;
  const plan = input.mode === 'fast' ? planFor(input, p) : undefined;
  const base = { inFlight: 0, concurrency: input.concurrency, p, mode: input.mode };
  const decide = (missing: number, attemptsLeft: number) =>
    decideInFlightTarget({ ...base, missing, attemptsLeft, affordableAttempts: attemptsLeft }, plan);
  const uncapped = new Int32Array(input.n + 1).fill(-1);
  return (missing, attemptsLeft) => {
    if (attemptsLeft < input.concurrency) return decide(missing, attemptsLeft);
    if (uncapped[missing] === -1) uncapped[missing] = decide(missing, attemptsLeft);
    return uncapped[missing]!;
  };
}

function summary(attempts: readonly number[], rounds: readonly number[]) {
  const total = attempts.reduce((sum, mass) => sum + mass, 0);
  const normalize = (masses: readonly number[]) => masses.map((mass) => mass / total);
  return {
    expectedAttempts: meanOf(attempts),
    attemptsP05: quantileOf(normalize(attempts), 0.05),
    attemptsP95: quantileOf(normalize(attempts), 0.95),
    expectedWallRounds: meanOf(rounds),
    wallP95Rounds: quantileOf(normalize(rounds), 0.95),
  };
}

/**
 * The default budget, replacing the seed's fixed 25: the smallest number of attempts A with
 * P(Binomial(A, p) >= n) >= confidence, from the negative binomial (the A-th attempt brings the n-th success).
 * Infinity when no budget can reach the confidence (p <= 0, or confidence >= 1 with p < 1).
 */
export function defaultCostCapAttempts(n: number, p: number, confidence = 0.99): number {
  if (n <= 0) return 0;
  if (p >= 1) return n;
  if (p <= 0 || confidence >= 1) return Infinity;
  const logP = Math.log(p);
  const logQ = Math.log1p(-p);
  let logChoose = 0;
  let cumulative = 0;
  for (let attempts = n; ; attempts += 1) {
    if (attempts > n) logChoose += Math.log(attempts - 1) - Math.log(attempts - n);
    cumulative += Math.exp(logChoose + n * logP + (attempts - n) * logQ);
    if (cumulative >= confidence) return attempts;
  }
}
