import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatPermille, successRatePermille } from './success-rate.js';

describe('successRatePermille', () => {
  it.each([
    [2, 3, 667],
    [1, 3, 333],
    [0, 0, 0],
    [5, 5, 1000],
    [0, 5, 0],
    [1, 8, 125],
    [1, 16, 63],
    [3, 16, 188],
  ])('%i of %i -> %i', (completed, attempts, permille) => {
    expect(successRatePermille(completed, attempts)).toBe(permille);
  });

  it('rounds half up, exactly, for every 0 <= completed <= attempts <= 10000', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 10_000 })
          .chain((attempts) => fc.tuple(fc.integer({ min: 0, max: attempts }), fc.constant(attempts))),
        ([completed, attempts]) => {
          const permille = successRatePermille(completed, attempts);
          expect(Number.isInteger(permille)).toBe(true);
          // r rounds x = 1000c/a half up iff r - 1/2 <= x < r + 1/2, i.e. (2r - 1)a <= 2000c < (2r + 1)a.
          expect((2 * permille - 1) * attempts).toBeLessThanOrEqual(2000 * completed);
          expect(2000 * completed).toBeLessThan((2 * permille + 1) * attempts);
          expect(permille).toBe(Math.round((completed * 1000) / attempts));
        },
      ),
    );
  });
});

describe('formatPermille', () => {
  it.each([
    [667, '66.7%'],
    [1000, '100.0%'],
    [0, '0.0%'],
    [5, '0.5%'],
    [63, '6.3%'],
  ])('%i -> %s', (permille, text) => {
    expect(formatPermille(permille)).toBe(text);
  });
});
