/** What a test sees of a prediction: the facts Replicate knows, including the ones its API never shows (billing). */
import type { FakeContext } from './fake-context.js';
import type { StoredPrediction } from './prediction-store.js';
import { historyAt, stateAt, type PredictionStatus, type StatusChange } from './prediction-timeline.js';

export interface PredictionView {
  readonly id: string;
  /** 1-based creation ordinal. */
  readonly n: number;
  readonly input: Readonly<Record<string, unknown>>;
  readonly createdAtMs: number;
  readonly status: PredictionStatus;
  readonly statusHistory: readonly StatusChange[];
  /** The Cancel-After deadline relative to creation, when the client sent one. */
  readonly cancelAfterMs: number | null;
  /** flux-kontext-pro charges per output image, so a prediction bills iff it succeeded. */
  readonly isBilled: boolean;
}

export function predictionView(ctx: FakeContext, prediction: StoredPrediction): PredictionView {
  const nowMs = ctx.now();
  const status = stateAt(prediction.timeline, nowMs).status;
  return {
    id: prediction.id,
    n: prediction.n,
    input: prediction.input,
    createdAtMs: prediction.timeline.createdAtMs,
    status,
    statusHistory: historyAt(prediction.timeline, nowMs),
    cancelAfterMs: prediction.timeline.cancelAfterMs,
    isBilled: status === 'succeeded',
  };
}
