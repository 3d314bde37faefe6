import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binomialAtLeast } from './binomial.js';
import { derivedAttemptBudget, MAX_BUDGET_ATTEMPTS_PER_IMAGE } from './attempt-budget.js';

describe('derivedAttemptBudget', () => {
  it('buys 99% odds where the seed cap of 25 gives 8% (N = 20, p = 0.65)', () => {
    const budget = derivedAttemptBudget(20, 0.65);
    expect(binomialAtLeast(20, budget, 0.65)).toBeGreaterThanOrEqual(0.99);
    expect(binomialAtLeast(20, budget - 1, 0.65)).toBeLessThan(0.99);
    expect(binomialAtLeast(20, 25, 0.65)).toBeLessThan(0.1);
  });

  it('is exactly N for a provider that never fails', () => {
    expect(derivedAttemptBudget(12, 1)).toBe(12);
  });

  it('never runs away on a hopeless rate', () => {
    expect(derivedAttemptBudget(20, 0.01)).toBe(MAX_BUDGET_ATTEMPTS_PER_IMAGE * 20 + 10);
  });

  it('is the smallest budget reaching the confidence whenever the ceiling does not bind', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.double({ min: 0.3, max: 0.99, noNaN: true }), (n, p) => {
        const budget = derivedAttemptBudget(n, p);
        expect(budget).toBeGreaterThanOrEqual(n);
        if (budget < MAX_BUDGET_ATTEMPTS_PER_IMAGE * n + 10) {
          expect(binomialAtLeast(n, budget, p)).toBeGreaterThanOrEqual(0.99 - 1e-9);
          if (budget > n) expect(binomialAtLeast(n, budget - 1, p)).toBeLessThan(0.99 + 1e-9);
        }
      }),
    );
  });
});
