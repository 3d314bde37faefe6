import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { betaBinomialAtLeast, binomialAtLeast } from './binomial.js';
import { estimatedRateOutcomes, exactJobDistribution, knownRateOutcomes } from './job-distribution.js';

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
        const result = exactJobDistribution(
          { n, cap, launch: (missing) => Math.min(perRound, missing), outcomes: knownRateOutcomes(p) },
          1e7,
        )!;
        expect(result.attempts.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 6);
        expect(result.rounds.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 6);
        expect(result.pReachN).toBeCloseTo(binomialAtLeast(n, cap, p), 6);
      }),
    );
  });

  it('one attempt at a time takes one round per attempt', () => {
    const result = exactJobDistribution({ n: 5, cap: 13, launch: () => 1, outcomes: knownRateOutcomes(0.65) }, 1e7)!;
    expect(result.rounds).toEqual(result.attempts);
  });

  it('gives up (undefined) past its work limit, so the caller can simulate instead', () => {
    expect(
      exactJobDistribution({ n: 50, cap: 300, launch: (m) => Math.min(8, m), outcomes: knownRateOutcomes(0.3) }, 1000),
    ).toBeUndefined();
  });

  it('under an estimated rate, reaches N exactly as often as the beta-binomial predictive says', () => {
    fc.assert(
      fc.property(
        jobs,
        fc.double({ min: 0.2, max: 30, noNaN: true }),
        fc.double({ min: 0.2, max: 30, noNaN: true }),
        ({ n, extra, perRound }, alpha, beta) => {
          const cap = n + extra;
          const outcomes = estimatedRateOutcomes(n, { alpha, beta });
          const result = exactJobDistribution({ n, cap, launch: (m) => Math.min(perRound, m), outcomes }, 1e7)!;
          expect(result.attempts.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 6);
          expect(result.pReachN).toBeCloseTo(betaBinomialAtLeast(n, cap, alpha, beta), 6);
        },
      ),
    );
  });

  it('an uncertain rate costs more attempts on average than the same rate known exactly (E[1/p] > 1/E[p])', () => {
    const launch = (m: number) => Math.min(4, m);
    const known = exactJobDistribution({ n: 10, cap: 70, launch, outcomes: knownRateOutcomes(0.85) }, 1e7)!;
    const prior = { alpha: 0.85 * 1.5, beta: 0.15 * 1.5 };
    const guessed = exactJobDistribution({ n: 10, cap: 70, launch, outcomes: estimatedRateOutcomes(10, prior) }, 1e7)!;
    const meanOf = (masses: readonly number[]) => masses.reduce((s, m, a) => s + m * a, 0);
    expect(meanOf(guessed.attempts)).toBeGreaterThan(meanOf(known.attempts) + 1);
  });
});
