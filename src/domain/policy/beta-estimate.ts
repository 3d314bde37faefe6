import { sampleGamma } from './gamma-sample.js';
import type { UniformSource } from './prng.js';

/**
 * What we believe about a success rate: Beta(alpha, beta), i.e. alpha - prior successes and beta - prior failures
 * observed. One per prompt (does the content filter accept it?) and one per provider/model (does an attempt yield an
 * image?), updated after every attempt.
 */
export interface BetaEstimate {
  readonly alpha: number;
  readonly beta: number;
}

export type AttemptOutcome = 'success' | 'content_filter' | 'transient' | 'fatal' | 'off_model';
export type EstimateScope = 'prompt' | 'provider';

/** The seed's "high" scenario, the usual rate of a healthy model with ordinary prompts. */
export const TYPICAL_SUCCESS_RATE = 0.85;
/** A prior worth 4 attempts: a handful of real outcomes outweigh it, one unlucky attempt does not. */
export const DEFAULT_PSEUDO_COUNT = 4;
/**
 * A rate set rather than guessed (the sim's scenario: its failures average to exactly that rate) is worth 20
 * attempts: planned with as known, still moved by what prompt choice and sticky filters make of it.
 */
export const SCENARIO_PSEUDO_COUNT = 20;
/**
 * What a typical rate is worth on a provider or model no attempt has been seen on (a fresh install): 1.5 attempts.
 * A guess worth 4 attempts at 85% (Beta(3.4, 0.6)) leaves only 1% below a rate of about 0.33, so the 99% budget it
 * gives a first job (17 attempts for 5 images) reaches N at a true rate of 0.30 in about 60% of jobs. Worth 1.5
 * (Beta(1.275, 0.225)), the predictive still centres on 85% but keeps rates down to about 0.25 plausible, so a first
 * job's budget covers them (the ceiling of 6N + 10 then binds) and its stated odds stay near the share of jobs that
 * get there; a few real attempts outweigh it. bench/policy.bench.ts measures both on first jobs.
 */
export const FRESH_PROVIDER_PSEUDO_COUNT = 1.5;

/** A prior centred on `mean` (clamped to [0.001, 0.999] so both parameters stay positive) worth `pseudoCount`. */
export function priorEstimate(mean = TYPICAL_SUCCESS_RATE, pseudoCount = DEFAULT_PSEUDO_COUNT): BetaEstimate {
  const m = Math.min(0.999, Math.max(0.001, mean));
  return { alpha: m * pseudoCount, beta: (1 - m) * pseudoCount };
}

/**
 * The estimate after one more attempt.
 *
 * Prompt scope measures "does the filter accept this prompt": a success counts for it, a content filter against it;
 * a transient failure (timeout, 5xx, interrupted run) or a fatal one (token, credit) says nothing about the prompt,
 * so it leaves the estimate unchanged.
 *
 * Provider scope measures "does one paid attempt yield an image", the rate that plans attempts, budget and
 * concurrency: a success counts for it; a content filter, an off-model output and a transient failure count against
 * it, because
 * both consume an attempt and force another one. A fatal failure leaves it unchanged: it stops the job until the
 * user fixes something, and counting it would wrongly depress the rate the next job starts from.
 */
export function updated(estimate: BetaEstimate, outcome: AttemptOutcome, scope: EstimateScope): BetaEstimate {
  if (outcome === 'success') return { alpha: estimate.alpha + 1, beta: estimate.beta };
  // An off-model output is a refusal of a kind: this prompt drifted the face, and the attempt yielded no image.
  const isEvidenceAgainst =
    outcome === 'content_filter' || outcome === 'off_model' || (outcome === 'transient' && scope === 'provider');
  return isEvidenceAgainst ? { alpha: estimate.alpha, beta: estimate.beta + 1 } : estimate;
}

/** The posterior mean alpha / (alpha + beta): the success rate to plan with. */
export function mean(estimate: BetaEstimate): number {
  return estimate.alpha / (estimate.alpha + estimate.beta);
}

/**
 * A success rate drawn from the estimate (Beta = X / (X + Y) with X ~ Gamma(alpha), Y ~ Gamma(beta)), for Thompson
 * sampling: pick the prompt whose draw is highest, so uncertain prompts still get tried and bad ones fade out.
 */
export function sample(estimate: BetaEstimate, random: UniformSource): number {
  const x = sampleGamma(estimate.alpha, random);
  const y = sampleGamma(estimate.beta, random);
  return x + y > 0 ? x / (x + y) : mean(estimate);
}

/** Outcomes counted for one subject (a provider/model, or a prompt on it): what an estimate learns from. */
export interface OutcomeCounts {
  readonly successes: number;
  readonly failures: number;
}

export const NO_OUTCOMES: OutcomeCounts = { successes: 0, failures: 0 };

/** What one attempt adds to a subject's counts, by the same rules as `updated`; undefined when it says nothing. */
export function outcomeEvidence(outcome: AttemptOutcome, scope: EstimateScope): OutcomeCounts | undefined {
  const before = { alpha: 1, beta: 1 };
  const after = updated(before, outcome, scope);
  if (after === before) return undefined;
  return { successes: after.alpha - before.alpha, failures: after.beta - before.beta };
}

/** The prior updated with counted outcomes. */
export function estimateFrom(prior: BetaEstimate, counts: OutcomeCounts): BetaEstimate {
  return { alpha: prior.alpha + counts.successes, beta: prior.beta + counts.failures };
}

export function addCounts(a: OutcomeCounts, b: OutcomeCounts): OutcomeCounts {
  return { successes: a.successes + b.successes, failures: a.failures + b.failures };
}

/**
 * A prompt's prior: most prompts pass the filter, and two refusals should already make a prompt look doubtful
 * (the within-job retirement acts at two as well).
 */
export const PROMPT_PRIOR: BetaEstimate = priorEstimate(0.9, 2);
