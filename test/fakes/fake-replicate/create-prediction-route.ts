/**
 * `POST /v1/models/{owner}/{name}/predictions`: the one route that costs money, so the one with the most
 * scripted failure modes (throttling, billing, validation, the ambiguous 500, the dropped socket).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleepReal } from 'node:timers/promises';
import { z } from 'zod';
import { isAuthorized, type FakeContext } from './fake-context.js';
import { decideOutcome, includesOrdinal } from './fake-script.js';
import { headerOf, sendJson, sendProblem } from './http-io.js';
import { toPredictionJson } from './prediction-json.js';
import type { StoredPrediction } from './prediction-store.js';
import { isFinalStatus, parseDurationMs, stateAt } from './prediction-timeline.js';

const CreateBody = z.object({ input: z.record(z.string(), z.unknown()) });

/** Replicate's sync mode holds for 60 s when `Prefer: wait` names no duration. */
const DEFAULT_PREFER_WAIT_S = 60;

export async function createPrediction(
  ctx: FakeContext,
  req: IncomingMessage,
  res: ServerResponse,
  model: string,
  rawBody: Buffer,
): Promise<void> {
  if (!isAuthorized(ctx, req, res)) return;
  if (!ctx.script.models.includes(model)) {
    sendProblem(res, 404, { detail: 'The requested resource could not be found.' });
    return;
  }
  if (isThrottled(ctx, res)) return;
  if (ctx.script.hasNoCredit) {
    sendProblem(res, 402, {
      title: 'Billing required',
      detail:
        'You need to set up billing to run this model. Go to https://replicate.com/account/billing#billing to set ' +
        'it up. If you have recently set up billing, please wait a few minutes before trying again.',
    });
    return;
  }
  const input = validInput(ctx, res, rawBody);
  if (!input) return;
  const cancelAfterMs = cancelAfterOf(req, res);
  if (cancelAfterMs === false) return;

  const n = ctx.predictions.all().length + 1;
  const prediction = ctx.predictions.create({
    model,
    input,
    createdAtMs: ctx.now(),
    queueMs: ctx.script.queueMs,
    runMs: ctx.script.runMs,
    outcome: decideOutcome(ctx.script, input, n),
    cancelAfterMs,
  });
  if (includesOrdinal(ctx.script.dropCreateResponse, n)) {
    req.socket.destroy();
    return;
  }
  if (includesOrdinal(ctx.script.failCreateAfterCreating, n)) {
    sendProblem(res, 500, { title: 'Internal Server Error', detail: 'An unexpected error occurred.' });
    return;
  }
  await holdForPreferWait(ctx, req, prediction);
  sendJson(res, 201, toPredictionJson(ctx, prediction));
}

function isThrottled(ctx: FakeContext, res: ServerResponse): boolean {
  const limit = ctx.script.rateLimit;
  const storm = ctx.script.throttleEvery;
  ctx.createCalls.count += 1;
  if (storm && storm.every > 0 && ctx.createCalls.count % storm.every === 0) {
    sendThrottled(res, storm.retryAfterS);
    return true;
  }
  if (!limit || limit.remaining <= 0) return false;
  limit.remaining -= 1;
  sendThrottled(res, limit.retryAfterS);
  return true;
}

function sendThrottled(res: ServerResponse, retryAfterS: number): void {
  sendProblem(
    res,
    429,
    { detail: `Request was throttled. Your rate limit resets in ~${retryAfterS}s.` },
    { 'retry-after': String(retryAfterS) },
  );
}

/** The parsed `input`, or undefined after answering 400/422. */
function validInput(
  ctx: FakeContext,
  res: ServerResponse,
  rawBody: Buffer,
): Readonly<Record<string, unknown>> | undefined {
  let json: unknown;
  try {
    json = JSON.parse(rawBody.toString('utf8'));
  } catch {
    sendProblem(res, 400, { title: 'Invalid JSON', detail: 'The request body is not valid JSON.' });
    return undefined;
  }
  const parsed = CreateBody.safeParse(json);
  if (!parsed.success) {
    sendInvalidInput(res, 'input', 'input is required and must be an object');
    return undefined;
  }
  const missing = ctx.script.requiredInputs.find((field) => isBlank(parsed.data.input[field]));
  if (missing !== undefined) {
    sendInvalidInput(res, 'input', `${missing} is required`);
    return undefined;
  }
  return parsed.data.input;
}

function sendInvalidInput(res: ServerResponse, field: string, description: string): void {
  sendProblem(res, 422, {
    title: 'Input validation failed',
    detail: `- ${field}: ${description}\n`,
    extra: { invalid_fields: [{ type: 'required', field, description }] },
  });
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

/** Milliseconds from `Cancel-After`, null when absent, or false after answering 400 for a malformed value. */
function cancelAfterOf(req: IncomingMessage, res: ServerResponse): number | null | false {
  const header = headerOf(req, 'cancel-after');
  if (header === undefined) return null;
  const ms = parseDurationMs(header);
  if (ms !== undefined) return ms;
  sendProblem(res, 400, {
    title: 'Invalid Cancel-After header',
    detail: `Cancel-After "${header}" is not a duration: use e.g. "30s", "5m" or "1h30m".`,
  });
  return false;
}

/**
 * Sync mode. Holds the response while the prediction is still running, for at most the client's `wait=N` and the
 * script's `maxRealWaitMs` (default 0: answer at once). Real time bounds only how long the socket stays open;
 * whether the prediction has ended is always read from scripted time.
 */
async function holdForPreferWait(ctx: FakeContext, req: IncomingMessage, prediction: StoredPrediction): Promise<void> {
  const match = /\bwait(?:=(\d+))?\b/i.exec(headerOf(req, 'prefer') ?? '');
  if (!match) return;
  const waitS = match[1] === undefined ? DEFAULT_PREFER_WAIT_S : Number(match[1]);
  const budgetMs = Math.min(waitS * 1_000, ctx.script.maxRealWaitMs);
  const startedMs = performance.now();
  while (!isFinalStatus(stateAt(prediction.timeline, ctx.now()).status)) {
    const leftMs = budgetMs - (performance.now() - startedMs);
    if (leftMs <= 0 || req.socket.destroyed) return;
    await sleepReal(Math.min(10, leftMs));
  }
}
