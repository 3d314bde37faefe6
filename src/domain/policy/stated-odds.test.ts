import { describe, expect, it } from 'vitest';
import { forecast } from './job-odds.js';
import { stateOdds } from './stated-odds.js';

describe('stateOdds', () => {
  const planned = forecast({ n: 8, p: 0.65, concurrency: 4, maxAttempts: 20, mode: 'fast' });

  it('prices attempts and rounds the expected cost to whole cents', () => {
    const odds = stateOdds(planned, 0.65, 40_000, 2_000);
    expect(odds.expectedCostMicroUsd % 10_000).toBe(0);
    expect(Math.abs(odds.expectedCostMicroUsd - planned.expectedAttempts * 40_000)).toBeLessThanOrEqual(5_000);
    expect(odds.costP05MicroUsd).toBe(planned.attemptsP05 * 40_000);
    expect(odds.costP95MicroUsd).toBe(planned.attemptsP95 * 40_000);
  });

  it('turns rounds of attempts into time at the provider latency', () => {
    const odds = stateOdds(planned, 0.65, 40_000, 2_000);
    expect(odds.expectedWallMs).toBe(Math.round(planned.expectedWallRounds * 2_000));
    expect(odds.wallP95Ms).toBe(planned.wallP95Rounds * 2_000);
    expect(odds).toMatchObject({ successRate: 0.65, pReachN: planned.pReachN, method: planned.method });
  });
});
