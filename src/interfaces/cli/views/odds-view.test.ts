import { describe, expect, it } from 'vitest';
import { formatDuration, formatOdds, oddsLines } from './odds-view.js';

describe('odds view', () => {
  it.each([
    [0.993, '99.3%'],
    [0.9999, '>99.9%'],
    [1, '100%'],
    [0.08, '8%'],
    [0.0812, '8.12%'],
    [0, '0%'],
    [0.0001, '<0.1%'],
  ])('formatOdds(%s) = %s', (p, text) => {
    expect(formatOdds(p)).toBe(text);
  });

  it.each([
    [4_400, '4 s'],
    [200_000, '3 min 20 s'],
    [3_900_000, '1 h 05 min'],
  ])('formatDuration(%s) = %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('says the odds, the ceiling, the expected attempts, cost and time of a plan', () => {
    const lines = oddsLines(
      {
        successRate: 0.85,
        pReachN: 0.993,
        ceilingAttempts: 130,
        ceilingCostMicroUsd: 5_200_000,
        expectedAttempts: 23.5,
        attemptsP05: 21,
        attemptsP95: 27,
        expectedCostMicroUsd: 940_000,
        costP05MicroUsd: 840_000,
        costP95MicroUsd: 1_080_000,
        expectedWallMs: 70_000,
        wallP95Ms: 90_000,
        method: 'exact',
      },
      20,
    );
    expect(lines[0]).toBe(
      'Odds: 99.3% to reach 20 images within the caps, over every success rate the estimate still allows (about 85%)',
    );
    expect(lines[1]).toBe(
      'Ceiling: at most 130 attempts ($5.20 if every attempt is billed); a lower rate than expected makes the job go on up to it, never past it',
    );
    expect(lines[2]).toBe(
      'Expect 23.5 attempts (90%: 21-27), $0.94 if every attempt is billed (90%: $0.84-$1.08), about 1 min 10 s (95%: under 1 min 30 s)',
    );
  });
});
