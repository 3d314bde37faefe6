/**
 * Every prediction the fake has created, in creation order. It holds facts (input, timeline, cancel time); the
 * current status is always derived from the timeline at the moment someone asks.
 */
import { createHash } from 'node:crypto';
import { isFinalStatus, stateAt, type ScriptedOutcome, type Timeline } from './prediction-timeline.js';

export interface StoredPrediction {
  readonly id: string;
  /** 1-based creation ordinal: what the script's `n` counts. */
  readonly n: number;
  readonly model: string;
  readonly input: Readonly<Record<string, unknown>>;
  timeline: Timeline;
  /** Set by `expireOutputs()`; `outputTtlMs` expiry is computed, not stored. */
  isOutputExpired: boolean;
  /** Output downloads served so far: what a fault scripted for the first few downloads counts. */
  downloads: number;
}

export interface NewPrediction {
  readonly model: string;
  readonly input: Readonly<Record<string, unknown>>;
  readonly createdAtMs: number;
  readonly queueMs: number;
  readonly runMs: number;
  readonly outcome: ScriptedOutcome;
  readonly cancelAfterMs: number | null;
}

export interface PredictionPage {
  readonly results: readonly StoredPrediction[];
  /** Opaque cursors; null at either end. */
  readonly nextCursor: string | null;
  readonly previousCursor: string | null;
}

export class PredictionStore {
  private readonly predictions: StoredPrediction[] = [];
  private readonly byId = new Map<string, StoredPrediction>();

  create(fields: NewPrediction): StoredPrediction {
    const n = this.predictions.length + 1;
    const prediction: StoredPrediction = {
      id: replicateLikeId(`prediction:${n}`),
      n,
      model: fields.model,
      input: fields.input,
      timeline: {
        createdAtMs: fields.createdAtMs,
        queueMs: fields.queueMs,
        runMs: fields.runMs,
        outcome: fields.outcome,
        cancelAfterMs: fields.cancelAfterMs,
        canceledAtMs: null,
      },
      isOutputExpired: false,
      downloads: 0,
    };
    this.predictions.push(prediction);
    this.byId.set(prediction.id, prediction);
    return prediction;
  }

  get(id: string): StoredPrediction | undefined {
    return this.byId.get(id);
  }

  all(): readonly StoredPrediction[] {
    return this.predictions;
  }

  /** Records a cancel at `nowMs`; a no-op for predictions that already ended, as on Replicate. */
  cancel(prediction: StoredPrediction, nowMs: number): void {
    if (isFinalStatus(stateAt(prediction.timeline, nowMs).status)) return;
    prediction.timeline = { ...prediction.timeline, canceledAtMs: nowMs };
  }

  /**
   * One page, newest first. Cursors name a position by creation ordinal rather than by offset, so predictions
   * created while a client pages through do not shift or repeat the older ones.
   */
  page(
    cursor: string | undefined,
    pageSize: number,
    isListed: (prediction: StoredPrediction) => boolean = () => true,
  ): PredictionPage {
    const position = decodeCursor(cursor);
    const newestFirst = this.predictions.filter(isListed).reverse();
    let results: StoredPrediction[];
    if (position?.direction === 'after') {
      const newer = newestFirst.filter((p) => p.n > position.n);
      results = newer.slice(Math.max(0, newer.length - pageSize));
    } else {
      const older = position ? newestFirst.filter((p) => p.n < position.n) : newestFirst;
      results = older.slice(0, pageSize);
    }
    const first = results[0];
    const last = results[results.length - 1];
    const hasOlder = last !== undefined && last.n > 1;
    const hasNewer = first !== undefined && first.n < this.predictions.length;
    return {
      results,
      nextCursor: hasOlder ? encodeCursor({ direction: 'before', n: last.n }) : null,
      previousCursor: hasNewer ? encodeCursor({ direction: 'after', n: first.n }) : null,
    };
  }
}

interface CursorPosition {
  readonly direction: 'before' | 'after';
  readonly n: number;
}

function encodeCursor(position: CursorPosition): string {
  return Buffer.from(`${position.direction}:${position.n}`).toString('base64url');
}

function decodeCursor(cursor: string | undefined): CursorPosition | undefined {
  if (!cursor) return undefined;
  const match = /^(before|after):(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) return undefined;
  return { direction: match[1] === 'after' ? 'after' : 'before', n: Number(match[2]) };
}

/**
 * Replicate ids are 26 lowercase base32 characters (e.g. "rrr4z55ocneqzikepnug6xezpe"). Derived from a counter,
 * so a test run gets the same ids every time.
 */
export function replicateLikeId(key: string): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  const digest = createHash('sha256').update(key).digest();
  let id = '';
  for (let i = 0; i < 26; i += 1) id += alphabet[(digest[i] ?? 0) % 32];
  return id;
}
