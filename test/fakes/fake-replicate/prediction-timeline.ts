/**
 * A prediction's life as a pure function of time. Nothing here runs on timers: the fake stores when a prediction
 * was created, how long it queues and runs, how it will end and whether someone cancelled it, then works out its
 * state for any `nowMs`. So a test moves a fake clock and the next GET sees the prediction a step further on.
 */

export type PredictionStatus = 'starting' | 'processing' | 'succeeded' | 'failed' | 'canceled' | 'aborted';

/** How a prediction ends if nothing stops it first. */
export type ScriptedOutcome = 'succeeded' | 'canceled' | { readonly failed: string };

export interface Timeline {
  readonly createdAtMs: number;
  /** Time spent `starting` (queued, cold boot) before the model runs. */
  readonly queueMs: number;
  /** Time spent `processing` before the scripted outcome lands. */
  readonly runMs: number;
  readonly outcome: ScriptedOutcome;
  /** From the `Cancel-After` header, relative to creation; null when the client set no deadline. */
  readonly cancelAfterMs: number | null;
  /** When `POST /predictions/{id}/cancel` arrived, if it did before the prediction ended. */
  readonly canceledAtMs: number | null;
}

export interface TimelineState {
  readonly status: PredictionStatus;
  readonly startedAtMs: number | null;
  readonly completedAtMs: number | null;
  readonly error: string | null;
}

export interface StatusChange {
  readonly status: PredictionStatus;
  readonly atMs: number;
}

interface Ending {
  readonly status: PredictionStatus;
  readonly atMs: number;
  readonly error: string | null;
}

export function isFinalStatus(status: PredictionStatus): boolean {
  return status !== 'starting' && status !== 'processing';
}

/** The prediction as a client would see it at `nowMs`. */
export function stateAt(timeline: Timeline, nowMs: number): TimelineState {
  const startAtMs = timeline.createdAtMs + timeline.queueMs;
  const ending = endingOf(timeline);
  if (ending.atMs <= nowMs) {
    const hasStarted = ending.status !== 'aborted' && startAtMs <= ending.atMs && !isCanceledInQueue(timeline);
    return {
      status: ending.status,
      startedAtMs: hasStarted ? startAtMs : null,
      completedAtMs: ending.atMs,
      error: ending.error,
    };
  }
  if (nowMs < startAtMs) return { status: 'starting', startedAtMs: null, completedAtMs: null, error: null };
  return { status: 'processing', startedAtMs: startAtMs, completedAtMs: null, error: null };
}

/** Every status the prediction has held up to `nowMs`, oldest first. */
export function historyAt(timeline: Timeline, nowMs: number): StatusChange[] {
  const state = stateAt(timeline, nowMs);
  const history: StatusChange[] = [{ status: 'starting', atMs: timeline.createdAtMs }];
  if (state.startedAtMs !== null && state.startedAtMs <= nowMs) {
    history.push({ status: 'processing', atMs: state.startedAtMs });
  }
  if (state.completedAtMs !== null) history.push({ status: state.status, atMs: state.completedAtMs });
  return history;
}

/**
 * The earliest of: the scripted outcome, the client's cancel, the Cancel-After deadline. On a tie the natural
 * ending wins, so a prediction that finishes exactly at its deadline is not punished for it.
 */
function endingOf(timeline: Timeline): Ending {
  const startAtMs = timeline.createdAtMs + timeline.queueMs;
  let ending = naturalEnding(timeline, startAtMs + timeline.runMs);
  if (timeline.canceledAtMs !== null && timeline.canceledAtMs < ending.atMs) {
    ending = { status: 'canceled', atMs: timeline.canceledAtMs, error: null };
  }
  if (timeline.cancelAfterMs !== null) {
    const deadlineMs = timeline.createdAtMs + timeline.cancelAfterMs;
    if (deadlineMs < ending.atMs) {
      // Replicate: `aborted` if the deadline hits before the model starts running (not charged), else `canceled`.
      ending = { status: deadlineMs <= startAtMs ? 'aborted' : 'canceled', atMs: deadlineMs, error: null };
    }
  }
  return ending;
}

function naturalEnding(timeline: Timeline, atMs: number): Ending {
  const { outcome } = timeline;
  if (outcome === 'succeeded' || outcome === 'canceled') return { status: outcome, atMs, error: null };
  return { status: 'failed', atMs, error: outcome.failed };
}

function isCanceledInQueue(timeline: Timeline): boolean {
  return timeline.canceledAtMs !== null && timeline.canceledAtMs < timeline.createdAtMs + timeline.queueMs;
}

const DURATION_PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
const DURATION_WHOLE = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h))+$/;
const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/**
 * Parses a `Cancel-After` value such as "30s", "5m" or "1h30m" (Go-style durations; a bare number means seconds).
 * Returns undefined for anything else so the route can answer 400 instead of guessing.
 */
export function parseDurationMs(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^\d+(?:\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1_000;
  if (!DURATION_WHOLE.test(trimmed)) return undefined;
  let totalMs = 0;
  for (const match of trimmed.matchAll(DURATION_PART)) {
    totalMs += Number(match[1]) * (UNIT_MS[match[2] ?? 's'] ?? 0);
  }
  return totalMs;
}
