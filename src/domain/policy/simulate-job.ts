import { mean, priorEstimate, type AttemptOutcome, type BetaEstimate } from './beta-estimate.js';
import { shouldStopEarly } from './early-stop.js';
import { planFastLaunch, type FastLaunchPlan } from './fast-launch-plan.js';
import { decideInFlightTarget, defaultRoundCostAttempts } from './launch-modes.js';
import type { UniformSource } from './prng.js';
import { PromptPool, type StickyPrompts } from './prompt-pool.js';

/** seed: one attempt at a time (the seed's loop); thrifty and fast: see launch-modes.ts. */
export const SIM_POLICIES = ['seed', 'thrifty', 'fast'] as const;
export type SimPolicy = (typeof SIM_POLICIES)[number];

export interface JobScenario {
  readonly n: number;
  /** Success rate of one attempt with an ordinary prompt. */
  readonly p: number;
  readonly concurrency: number;
  /** The attempt cap (the seed's min(2N+3, 25), or the default budget). */
  readonly maxAttempts: number;
  /** The cost cap, in attempts. */
  readonly costCapAttempts?: number;
  readonly policy: SimPolicy;
  readonly roundCostAttempts?: number;
  /** Plan with a provider estimate that starts here and learns after every attempt; omitted: plan with planP. */
  readonly prior?: BetaEstimate;
  /** Without a prior, the rate the policy plans with (a forecast's guess, not the true p); omitted: p itself. */
  readonly planP?: number;
  /** Stop when P(reach N) falls below this (thrifty and fast only); omitted: never stop early. */
  readonly earlyStopThreshold?: number;
  /** Some prompts the filter always refuses; omitted: every attempt succeeds with p. */
  readonly sticky?: StickyPrompts;
  /** A fast plan solved for p, shared across many simulated jobs that do not learn (no prior). */
  readonly fastPlan?: FastLaunchPlan;
}

export interface SimulatedJob {
  readonly attempts: number;
  /** All successes, including any beyond N (paid and wasted). */
  readonly successes: number;
  /** Images kept: min(N, successes). */
  readonly images: number;
  readonly wallRounds: number;
  readonly isReachedN: boolean;
  readonly maxInFlight: number;
  readonly endReason: 'reached' | 'cap' | 'early_stop';
}

/** The fast plan is solved again when the estimate has moved by more than this since it was solved. */
const REPLAN_STEP = 0.005;

/** A non-sticky failure is a content filter this often (the sim provider's mix), otherwise transient. */
const FILTER_SHARE_OF_FAILURES = 0.2;

/**
 * One job, round by round. Simplification: every attempt launched in a round ends together after one latency L,
 * so a round is one L of wall time, and the policy decides with nothing in flight. Successes beyond N in the last
 * round are paid for (the real engine cancels late runs and pays less).
 */
export function simulateJob(scenario: JobScenario, random: UniformSource): SimulatedJob {
  const cap = Math.min(scenario.maxAttempts, scenario.costCapAttempts ?? Infinity);
  const pool = scenario.sticky ? new PromptPool(scenario.sticky, scenario.n, random) : undefined;
  const isEarlyStopOn = scenario.earlyStopThreshold !== undefined && scenario.policy !== 'seed';
  const job = { attempts: 0, successes: 0, wallRounds: 0, maxInFlight: 0 };
  let estimate = scenario.prior ?? priorEstimate(scenario.p);
  let plan = scenario.prior ? undefined : scenario.fastPlan;
  let endReason: SimulatedJob['endReason'] = 'reached';
  for (;;) {
    const missing = scenario.n - job.successes;
    const attemptsLeft = cap - job.attempts;
    if (missing <= 0) break;
    if (attemptsLeft <= 0) {
      endReason = 'cap';
      break;
    }
    const state = { missing, inFlight: 0, attemptsLeft, affordableAttempts: attemptsLeft, estimate };
    if (isEarlyStopOn && shouldStopEarly(state, scenario.earlyStopThreshold)) {
      endReason = 'early_stop';
      break;
    }
    const planP = scenario.prior ? mean(estimate) : (scenario.planP ?? scenario.p);
    if (scenario.policy === 'fast' && (plan === undefined || Math.abs(plan.p - planP) > REPLAN_STEP)) {
      plan = planFastLaunch(planP, scenario.concurrency, missing, roundCostOf(scenario));
    }
    const k = scenario.policy === 'seed' ? 1 : decideInFlightTarget({ ...state, ...policyOf(scenario, planP) }, plan);
    const successes = pool ? runStickyRound(k, scenario.p, random, pool) : countSuccesses(k, scenario.p, random);
    // As updated(estimate, outcome, 'provider') per attempt: every failure, filtered or transient, counts against.
    if (scenario.prior) estimate = { alpha: estimate.alpha + successes, beta: estimate.beta + k - successes };
    job.successes += successes;
    job.attempts += k;
    job.wallRounds += 1;
    job.maxInFlight = Math.max(job.maxInFlight, k);
  }
  return { ...job, images: Math.min(job.successes, scenario.n), isReachedN: endReason === 'reached', endReason };
}

function roundCostOf(scenario: JobScenario): number {
  return scenario.roundCostAttempts ?? defaultRoundCostAttempts(scenario.concurrency);
}

function policyOf(scenario: JobScenario, p: number) {
  const mode = scenario.policy === 'fast' ? ('fast' as const) : ('thrifty' as const);
  return { concurrency: scenario.concurrency, p, mode, roundCostAttempts: roundCostOf(scenario) };
}

function countSuccesses(k: number, p: number, random: UniformSource): number {
  let successes = 0;
  for (let i = 0; i < k; i += 1) if (random() < p) successes += 1;
  return successes;
}

function runStickyRound(k: number, p: number, random: UniformSource, pool: PromptPool): number {
  const prompts = Array.from({ length: k }, () => pool.launch());
  let successes = 0;
  for (const prompt of prompts) {
    const outcome: AttemptOutcome = pool.isSticky(prompt)
      ? 'content_filter'
      : random() < p
        ? 'success'
        : failureKind(random);
    pool.finish(prompt, outcome);
    if (outcome === 'success') successes += 1;
  }
  return successes;
}

function failureKind(random: UniformSource): 'content_filter' | 'transient' {
  return random() < FILTER_SHARE_OF_FAILURES ? 'content_filter' : 'transient';
}
