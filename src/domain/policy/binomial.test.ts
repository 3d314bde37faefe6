import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keptImagesRange } from '../generation/kept-images-range.js';
import { betaBinomialAtLeast, binomialAtLeast, binomialPmf, meanOf, quantileOf } from './binomial.js';

const rates = fc.double({ min: 0, max: 1, noNaN: true });

describe('binomialPmf and binomialAtLeast', () => {
  it('sums to 1 and has mean trials * p', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), rates, (trials, p) => {
        const pmf = binomialPmf(trials, p);
        expect(pmf.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 9);
        expect(meanOf(pmf)).toBeCloseTo(trials * p, 6);
      }),
    );
  });

  it("agrees with the generation module's exact odds of completing a job", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 0, max: 100 }), rates, (n, extra, p) => {
        expect(binomialAtLeast(n, n + extra, p)).toBeCloseTo(keptImagesRange(n, n + extra, p).pComplete, 9);
      }),
    );
  });

  it('keeps small tails precise instead of rounding them to 0', () => {
    expect(binomialAtLeast(20, 20, 0.35) / 0.35 ** 20).toBeCloseTo(1, 9);
  });
});

describe('betaBinomialAtLeast', () => {
  it('is uniform for Beta(1, 1): P(X >= 1) of 2 trials is 2/3', () => {
    expect(betaBinomialAtLeast(1, 2, 1, 1)).toBeCloseTo(2 / 3, 12);
    expect(betaBinomialAtLeast(0, 2, 1, 1)).toBe(1);
    expect(betaBinomialAtLeast(3, 2, 1, 1)).toBe(0);
  });

  it('tends to the binomial when the estimate is very sure', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 0, max: 40 }),
        fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        (n, extra, p) => {
          const sure = betaBinomialAtLeast(n, n + extra, p * 1e7, (1 - p) * 1e7);
          expect(sure).toBeCloseTo(binomialAtLeast(n, n + extra, p), 4);
        },
      ),
    );
  });

  it('is less extreme than the binomial at the same mean: an uncertain rate hedges both ways', () => {
    expect(betaBinomialAtLeast(20, 25, 3.4, 0.6)).toBeLessThan(binomialAtLeast(20, 25, 0.85));
    expect(betaBinomialAtLeast(10, 12, 0.35 * 4, 0.65 * 4)).toBeGreaterThan(binomialAtLeast(10, 12, 0.35));
  });
});

describe('quantileOf', () => {
  it('finds the smallest value reaching the level', () => {
    expect(quantileOf([0.1, 0.4, 0.5], 0.05)).toBe(0);
    expect(quantileOf([0.1, 0.4, 0.5], 0.5)).toBe(1);
    expect(quantileOf([0.1, 0.4, 0.5], 0.95)).toBe(2);
  });
});
