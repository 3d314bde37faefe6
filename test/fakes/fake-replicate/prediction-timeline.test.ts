import { describe, expect, it } from 'vitest';
import { historyAt, parseDurationMs, stateAt, type Timeline } from './prediction-timeline.js';

const base: Timeline = {
  createdAtMs: 1_000,
  queueMs: 2_000,
  runMs: 5_000,
  outcome: 'succeeded',
  cancelAfterMs: null,
  canceledAtMs: null,
};

describe('prediction timeline', () => {
  it('is starting, then processing, then ends with the scripted outcome', () => {
    expect(stateAt(base, 2_999).status).toBe('starting');
    expect(stateAt(base, 3_000)).toMatchObject({ status: 'processing', startedAtMs: 3_000 });
    expect(stateAt(base, 8_000)).toEqual({
      status: 'succeeded',
      startedAtMs: 3_000,
      completedAtMs: 8_000,
      error: null,
    });
    expect(stateAt({ ...base, outcome: { failed: 'boom' } }, 9_000)).toMatchObject({ status: 'failed', error: 'boom' });
  });

  it('aborts at a deadline before the start, cancels at one after it, and lets an on-time finish win a tie', () => {
    expect(stateAt({ ...base, cancelAfterMs: 1_500 }, 2_500)).toMatchObject({ status: 'aborted', startedAtMs: null });
    expect(stateAt({ ...base, cancelAfterMs: 2_000 }, 3_000)).toMatchObject({ status: 'aborted' });
    expect(stateAt({ ...base, cancelAfterMs: 4_000 }, 5_000)).toMatchObject({
      status: 'canceled',
      startedAtMs: 3_000,
      completedAtMs: 5_000,
    });
    expect(stateAt({ ...base, cancelAfterMs: 7_000 }, 8_000).status).toBe('succeeded');
  });

  it('cancels at the moment of a client cancel, never having started if it was still queued', () => {
    expect(stateAt({ ...base, canceledAtMs: 2_000 }, 9_000)).toMatchObject({ status: 'canceled', startedAtMs: null });
    expect(stateAt({ ...base, canceledAtMs: 4_000 }, 9_000)).toMatchObject({ status: 'canceled', startedAtMs: 3_000 });
  });

  it('records the history a poller could have seen, up to now', () => {
    expect(historyAt(base, 2_000)).toEqual([{ status: 'starting', atMs: 1_000 }]);
    expect(historyAt({ ...base, cancelAfterMs: 1_000 }, 9_000)).toEqual([
      { status: 'starting', atMs: 1_000 },
      { status: 'aborted', atMs: 2_000 },
    ]);
  });
});

describe('parseDurationMs', () => {
  it('reads Cancel-After durations', () => {
    expect(parseDurationMs('30s')).toBe(30_000);
    expect(parseDurationMs('5m')).toBe(300_000);
    expect(parseDurationMs('1h30m')).toBe(5_400_000);
    expect(parseDurationMs('250ms')).toBe(250);
    expect(parseDurationMs('45')).toBe(45_000);
  });

  it('refuses anything else', () => {
    for (const text of ['', 'soon', '5 minutes', '-5s', '5x']) expect(parseDurationMs(text)).toBeUndefined();
  });
});
