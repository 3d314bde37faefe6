/** The prediction object as Replicate's API returns it, built from a stored prediction at the fake's `now`. */
import type { FakeContext } from './fake-context.js';
import type { StoredPrediction } from './prediction-store.js';
import { stateAt, type TimelineState } from './prediction-timeline.js';

export function outputPath(prediction: StoredPrediction): string {
  return `/files/out/${prediction.id}.jpg`;
}

/** Whether a succeeded prediction's output has been removed (by `expireOutputs()` or `outputTtlMs`). */
export function isOutputGone(ctx: FakeContext, prediction: StoredPrediction, state: TimelineState): boolean {
  if (prediction.isOutputExpired) return true;
  const ttlMs = ctx.script.outputTtlMs;
  return ttlMs !== undefined && state.completedAtMs !== null && ctx.now() >= state.completedAtMs + ttlMs;
}

export function toPredictionJson(ctx: FakeContext, prediction: StoredPrediction): Record<string, unknown> {
  const state = stateAt(prediction.timeline, ctx.now());
  const isGone = state.status === 'succeeded' && isOutputGone(ctx, prediction, state);
  const getUrl = `${ctx.baseUrl}/predictions/${prediction.id}`;
  return {
    id: prediction.id,
    model: prediction.model,
    // Official models report "hidden" instead of a version id.
    version: 'hidden',
    input: prediction.input,
    logs: logsFor(state),
    // flux-kontext-pro returns one URL string, not an array.
    output: state.status === 'succeeded' && !isGone ? `${ctx.origin}${outputPath(prediction)}` : null,
    data_removed: isGone,
    error: state.error,
    status: state.status,
    created_at: iso(prediction.timeline.createdAtMs),
    started_at: state.startedAtMs === null ? null : iso(state.startedAtMs),
    completed_at: state.completedAtMs === null ? null : iso(state.completedAtMs),
    urls: { get: getUrl, cancel: `${getUrl}/cancel`, web: `https://replicate.com/p/${prediction.id}` },
    ...(state.completedAtMs === null ? {} : { metrics: metricsFor(state) }),
  };
}

function metricsFor(state: TimelineState): Record<string, number> {
  if (state.startedAtMs === null || state.completedAtMs === null) return {};
  return { predict_time: (state.completedAtMs - state.startedAtMs) / 1_000 };
}

function logsFor(state: TimelineState): string {
  if (state.startedAtMs === null) return '';
  return state.status === 'failed' ? `Running prediction...\n${state.error ?? ''}\n` : 'Running prediction...\n';
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
