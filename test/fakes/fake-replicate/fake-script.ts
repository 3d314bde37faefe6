/**
 * What the fake Replicate does, as plain mutable data a test sets before (or between) its calls. The defaults are
 * a healthy account: one known model, every prediction succeeds, nothing throttled or broken.
 */
import type { ScriptedOutcome } from './prediction-timeline.js';

/**
 * truncated: half the bytes, declared honestly (the image is broken); corrupt: bytes that are no image; reset: the
 * whole length declared, then the socket destroyed halfway through the body (the transfer breaks off).
 */
export type OutputFault = 'truncated' | 'corrupt' | 'reset';

/** A set of 1-based ordinals: `3` means the third, `[2, 5]` the second and fifth. */
export type Ordinals = number | readonly number[];

export interface RateLimitScript {
  /** How many of the next create calls answer 429. Counts down as they are spent. */
  remaining: number;
  /** Seconds, sent as `Retry-After` and in the detail text. */
  retryAfterS: number;
}

export interface FakeScript {
  /** Bearer tokens the fake accepts. */
  validTokens: string[];
  /** `owner/name` identifiers that exist; any other model answers 404. */
  models: string[];
  /** Input fields the model requires; a create without one answers 422 naming it. */
  requiredInputs: string[];
  /** Creates answer 402 (billing) and create nothing. */
  hasNoCredit: boolean;
  /** Scripted time in `starting`, captured per prediction when it is created. */
  queueMs: number;
  /** Scripted time in `processing`, captured per prediction when it is created. */
  runMs: number;
  /**
   * Decides how the n-th prediction (1-based) ends; return undefined to fall through to `filterPrompts`,
   * `interruptEvery` and finally success.
   */
  outcomeFor?: (input: Readonly<Record<string, unknown>>, n: number) => ScriptedOutcome | undefined;
  /** Prompts matching this fail with Replicate's E005 sensitive-content error. */
  filterPrompts?: RegExp;
  /** Every k-th prediction fails with Replicate's transient "interrupted (PA)" error. */
  interruptEvery?: number;
  /** Throttles the next creates; a throttled create never becomes a prediction. */
  rateLimit?: RateLimitScript;
  /** These creates make the prediction (it runs, is listed, bills) but answer 500: the ambiguous create. */
  failCreateAfterCreating?: Ordinals;
  /** These creates make the prediction and then destroy the socket instead of answering. */
  dropCreateResponse?: Ordinals;
  /** How many of the next API GETs answer 503. Counts down as they are spent. */
  getErrors: number;
  /** API GETs (status, list, files) answer 503 while this holds for the fake's now: an outage for a while. */
  getErrorWhile?: (nowMs: number) => boolean;
  /** Every k-th create call answers 429 with this Retry-After, for as long as it is set: a 429 storm. */
  throttleEvery?: { readonly every: number; readonly retryAfterS: number };
  /** A prediction is missing from `GET /v1/predictions` until this long after its creation (listing lag). */
  listLagMs: number;
  /** What one billed prediction costs, micro-dollars (flux-kontext-pro: $0.04 an output image). */
  priceMicroUsd: number;
  /**
   * Upper bound, in real milliseconds, on how long `Prefer: wait=N` holds a create open. 0 answers at once with
   * the current state, which keeps tests fast; the fake's scripted time does not depend on it.
   */
  maxRealWaitMs: number;
  /** Damages every output download. */
  outputFault?: OutputFault;
  /**
   * Damages the n-th prediction's output download; `download` counts that prediction's downloads from 1, so a fault
   * can hit only the first few. Wins over `outputFault`.
   */
  outputFaultFor?: (input: Readonly<Record<string, unknown>>, n: number, download: number) => OutputFault | undefined;
  /** Real milliseconds an output download stalls halfway through its body. */
  outputDelayMs: number;
  /** Outputs disappear (404, `data_removed`) this long after the prediction completes; undefined keeps them. */
  outputTtlMs?: number;
  /** Page size of `GET /v1/predictions`. */
  listPageSize: number;
}

export const FLUX_KONTEXT_PRO = 'black-forest-labs/flux-kontext-pro';

export const E005_SENSITIVE =
  'The input or output was flagged as sensitive. Please try again with different inputs. (E005)';
export const PA_INTERRUPTED = 'Prediction interrupted; please retry (code: PA)';

export function createFakeScript(overrides: Partial<FakeScript> = {}): FakeScript {
  return {
    validTokens: ['test-token'],
    models: [FLUX_KONTEXT_PRO],
    requiredInputs: ['prompt', 'input_image'],
    hasNoCredit: false,
    queueMs: 1_000,
    runMs: 5_000,
    getErrors: 0,
    listLagMs: 0,
    priceMicroUsd: 40_000,
    maxRealWaitMs: 0,
    outputDelayMs: 0,
    listPageSize: 100,
    ...overrides,
  };
}

/** How the n-th prediction will end, from the script's hooks in order of precedence. */
export function decideOutcome(
  script: FakeScript,
  input: Readonly<Record<string, unknown>>,
  n: number,
): ScriptedOutcome {
  const scripted = script.outcomeFor?.(input, n);
  if (scripted !== undefined) return scripted;
  const prompt = typeof input['prompt'] === 'string' ? input['prompt'] : '';
  // `search` ignores `lastIndex`, so a /g pattern does not match only every other prompt.
  if (script.filterPrompts && prompt.search(script.filterPrompts) >= 0) return { failed: E005_SENSITIVE };
  if (script.interruptEvery !== undefined && script.interruptEvery > 0 && n % script.interruptEvery === 0) {
    return { failed: PA_INTERRUPTED };
  }
  return 'succeeded';
}

export function decideOutputFault(
  script: FakeScript,
  input: Readonly<Record<string, unknown>>,
  n: number,
  download: number,
): OutputFault | undefined {
  return script.outputFaultFor?.(input, n, download) ?? script.outputFault;
}

export function includesOrdinal(ordinals: Ordinals | undefined, n: number): boolean {
  if (ordinals === undefined) return false;
  return typeof ordinals === 'number' ? ordinals === n : ordinals.includes(n);
}
