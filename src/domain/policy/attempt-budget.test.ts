import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { betaBinomialAtLeast, binomialAtLeast } from './binomial.js';
import { budgetCeiling, derivedAttemptBudget } from './attempt-budget.js';
import { FRESH_PROVIDER_PSEUDO_COUNT, priorEstimate, type BetaEstimate } from './beta-estimate.js';

/** A rate known as well as 100,000 attempts can tell it. */
const known = (p: number): BetaEstimate => priorEstimate(p, 100_000);

const estimates = fc.record({
  alpha: fc.double({ min: 0.3, max: 200, noNaN: true }),
  beta: fc.double({ min: 0.05, max: 200, noNaN: true }),
});

describe('derivedAttemptBudget', () => {
  it('at a well-known rate, buys 99% odds where the seed cap of 25 gives 8% (N = 20, p = 0.65)', () => {
    const budget = derivedAttemptBudget(20, known(0.65));
    expect(binomialAtLeast(20, budget, 0.65)).toBeGreaterThanOrEqual(0.985);
    expect(binomialAtLeast(20, budget - 2, 0.65)).toBeLessThan(0.99);
    expect(binomialAtLeast(20, 25, 0.65)).toBeLessThan(0.1);
  });

  it('is exactly N for a provider known never to fail', () => {
    expect(derivedAttemptBudget(12, { alpha: 1e9, beta: 1e-9 })).toBe(12);
  });

  it('never runs away on a hopeless rate', () => {
    expect(derivedAttemptBudget(20, known(0.01))).toBe(budgetCeiling(20));
  });

  it("plans a first job from the whole prior, not its mean: a fresh install's budget covers a true rate of 0.30", () => {
    const fresh = priorEstimate(0.85, FRESH_PROVIDER_PSEUDO_COUNT);
    for (const n of [2, 5, 10, 20, 40]) {
      const budget = derivedAttemptBudget(n, fresh);
      expect(binomialAtLeast(n, budget, 0.3)).toBeGreaterThanOrEqual(0.99);
      // Planning at the mean (the old way) would have stopped far short of it.
      expect(budget).toBeGreaterThan(derivedAttemptBudget(n, known(0.85)) * 1.8);
    }
  });

  it('the old prior worth 4 attempts at 85% fails a first job at a true rate of 0.30 (the bug this replaces)', () => {
    const budget = derivedAttemptBudget(5, priorEstimate(0.85, 4));
    expect(binomialAtLeast(5, budget, 0.3)).toBeLessThan(0.8);
  });

  it('is the smallest budget whose predictive odds reach the confidence, whenever the ceiling does not bind', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), estimates, (n, { alpha, beta }) => {
        const budget = derivedAttemptBudget(n, { alpha, beta });
        expect(budget).toBeGreaterThanOrEqual(n);
        expect(budget).toBeLessThanOrEqual(budgetCeiling(n));
        if (budget < budgetCeiling(n)) {
          expect(betaBinomialAtLeast(n, budget, alpha, beta)).toBeGreaterThanOrEqual(0.99 - 1e-9);
          if (budget > n) expect(betaBinomialAtLeast(n, budget - 1, alpha, beta)).toBeLessThan(0.99 + 1e-9);
        } else {
          expect(betaBinomialAtLeast(n, budget - 1, alpha, beta)).toBeLessThan(0.99 + 1e-9);
        }
      }),
    );
  });

  it('never shrinks as the estimate grows more doubtful at the same mean (fewer attempts behind it)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.double({ min: 0.3, max: 0.95, noNaN: true }),
        fc.double({ min: 1, max: 50, noNaN: true }),
        (n, mean, weight) => {
          const doubtful = derivedAttemptBudget(n, priorEstimate(mean, weight));
          const surer = derivedAttemptBudget(n, priorEstimate(mean, weight * 4));
          expect(doubtful).toBeGreaterThanOrEqual(surer);
        },
      ),
    );
  });
});
