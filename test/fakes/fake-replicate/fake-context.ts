/** The state every route of the fake shares, and the checks most of them start with. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FakeScript } from './fake-script.js';
import type { FileStore } from './file-store.js';
import { sendProblem, tokenOf } from './http-io.js';
import type { OutputImages } from './output-images.js';
import type { PredictionStore } from './prediction-store.js';

export interface RecordedRequest {
  readonly method: string;
  /** Path and query, e.g. "/v1/predictions?cursor=abc". */
  readonly path: string;
  /** Lower-cased names; only the headers a client's behaviour shows in (auth, Prefer, Cancel-After, ...). */
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON for JSON bodies, the raw text for other text, undefined for none or multipart. */
  readonly body: unknown;
  readonly bodySizeBytes: number;
}

export interface FakeContext {
  readonly script: FakeScript;
  readonly predictions: PredictionStore;
  readonly files: FileStore;
  readonly images: OutputImages;
  /** Scripted time: every timeline, timestamp and expiry reads this, never the wall clock. */
  readonly now: () => number;
  /** e.g. "http://127.0.0.1:PORT/v1". */
  readonly baseUrl: string;
  /** e.g. "http://127.0.0.1:PORT"; outputs live outside /v1, as on Replicate's delivery host. */
  readonly origin: string;
  readonly requests: RecordedRequest[];
  /** Create calls that reached the rate limiter: what `throttleEvery` counts. */
  readonly createCalls: { count: number };
}

export const MISSING_TOKEN_DETAIL = 'You did not pass an authentication token';
export const INVALID_TOKEN_DETAIL = 'You did not pass a valid authentication token';

/** Answers 401 and returns false unless the request carries one of the script's tokens. */
export function isAuthorized(ctx: FakeContext, req: IncomingMessage, res: ServerResponse): boolean {
  const token = tokenOf(req);
  if (token !== undefined && ctx.script.validTokens.includes(token)) return true;
  sendProblem(res, 401, {
    title: 'Unauthenticated',
    detail: token === undefined ? MISSING_TOKEN_DETAIL : INVALID_TOKEN_DETAIL,
  });
  return false;
}

/** Spends one scripted 503 if any are left; true when the request was answered with it. */
export function isScriptedGetError(ctx: FakeContext, res: ServerResponse): boolean {
  const isOutage = ctx.script.getErrorWhile?.(ctx.now()) ?? false;
  if (!isOutage && ctx.script.getErrors <= 0) return false;
  if (!isOutage) ctx.script.getErrors -= 1;
  sendProblem(res, 503, {
    title: 'Service Unavailable',
    detail: 'The service is temporarily unavailable. Please try again later.',
  });
  return true;
}
