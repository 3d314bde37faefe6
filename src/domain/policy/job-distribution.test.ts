import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binomialAtLeast } from './binomial.js';
import { exactJobDistribution } from './job-distribution.js';

const jobs = fc.record({
  n: fc.integer({ min: 1, max: 15 }),
  extra: fc.integer({ min: 0, max: 30 }),
  p: fc.double({ min: 0.05, max: 1, noNaN: true }),
  perRound: fc.integer({ min: 1, max: 8 }),
});

describe('exactJobDistribution', () => {
  it('accounts for all the probability, and reaches N exactly as often as Binomial(cap, p) >= N', () => {
    fc.assert(
      fc.property(jobs, ({ n, extra, p, perRound }) => {
        const cap = n + extra;
        const result = exactJobDistribution({ n, p, cap, launch: (missing) => Math.min(perRound, missing) }, 1e7)!;
        expect(result.attempts.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 6);
        expect(result.rounds.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 6);
        expect(result.pReachN).toBeCloseTo(binomialAtLeast(n, cap, p), 6);
      }),
    );
  });

  it('one attempt at a time takes one round per attempt', () => {
    const result = exactJobDistribution({ n: 5, p: 0.65, cap: 13, launch: () => 1 }, 1e7)!;
    expect(result.rounds).toEqual(result.attempts);
  });

  it('gives up (undefined) past its work limit, so the caller can simulate instead', () => {
    expect(exactJobDistribution({ n: 50, p: 0.3, cap: 300, launch: (m) => Math.min(8, m) }, 1000)).toBeUndefined();
  });
});
