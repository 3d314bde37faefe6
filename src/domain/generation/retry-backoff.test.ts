import { describe, expect, it } from 'vitest';
import { backoffMs } from './retry-backoff.js';

describe('backoffMs', () => {
  it('doubles from the base after each failed try', () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n, 500, 60_000))).toEqual([500, 1_000, 2_000, 4_000]);
  });

  it('never waits longer than the cap, however many tries failed', () => {
    expect(backoffMs(7, 1_000, 30_000)).toBe(30_000);
    expect(backoffMs(10_000, 1_000, 30_000)).toBe(30_000);
  });

  it('treats a try number below 1 as the first', () => {
    expect(backoffMs(0, 250, 1_000)).toBe(250);
  });
});
