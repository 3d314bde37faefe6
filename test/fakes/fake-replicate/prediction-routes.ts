/** `GET /v1/predictions/{id}`, `POST /v1/predictions/{id}/cancel` and `GET /v1/predictions`. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isAuthorized, isScriptedGetError, type FakeContext } from './fake-context.js';
import { sendJson, sendProblem } from './http-io.js';
import { toPredictionJson } from './prediction-json.js';
import type { StoredPrediction } from './prediction-store.js';

export function getPrediction(ctx: FakeContext, req: IncomingMessage, res: ServerResponse, id: string): void {
  if (isScriptedGetError(ctx, res) || !isAuthorized(ctx, req, res)) return;
  const prediction = foundOrAnswered(ctx, res, id);
  if (prediction) sendJson(res, 200, toPredictionJson(ctx, prediction));
}

/** Cancelling an ended prediction is a no-op that still answers 200 with its (unchanged) state. */
export function cancelPrediction(ctx: FakeContext, req: IncomingMessage, res: ServerResponse, id: string): void {
  if (!isAuthorized(ctx, req, res)) return;
  const prediction = foundOrAnswered(ctx, res, id);
  if (!prediction) return;
  ctx.predictions.cancel(prediction, ctx.now());
  sendJson(res, 200, toPredictionJson(ctx, prediction));
}

/** Newest first, `{previous, next, results}` with full URLs (or null) for the neighbouring pages. */
export function listPredictions(ctx: FakeContext, req: IncomingMessage, res: ServerResponse, url: URL): void {
  if (isScriptedGetError(ctx, res) || !isAuthorized(ctx, req, res)) return;
  const lagMs = ctx.script.listLagMs;
  const page = ctx.predictions.page(
    url.searchParams.get('cursor') ?? undefined,
    ctx.script.listPageSize,
    (prediction) => prediction.timeline.createdAtMs + lagMs <= ctx.now(),
  );
  const pageUrl = (cursor: string | null) =>
    cursor === null ? null : `${ctx.baseUrl}/predictions?cursor=${encodeURIComponent(cursor)}`;
  sendJson(res, 200, {
    previous: pageUrl(page.previousCursor),
    next: pageUrl(page.nextCursor),
    results: page.results.map((prediction) => toPredictionJson(ctx, prediction)),
  });
}

function foundOrAnswered(ctx: FakeContext, res: ServerResponse, id: string): StoredPrediction | undefined {
  const prediction = ctx.predictions.get(id);
  if (!prediction) sendProblem(res, 404, { detail: 'The requested resource could not be found.' });
  return prediction;
}
