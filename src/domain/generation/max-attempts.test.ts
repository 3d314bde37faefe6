import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultMaxAttempts } from './max-attempts.js';

describe('defaultMaxAttempts', () => {
  it.each([
    [5, 13],
    [10, 23],
    [20, 25],
    [1, 5],
    [11, 25],
    [0, 3],
    [1000, 25],
  ])('%i images -> %i attempts (the seed: min(2N+3, 25))', (images, attempts) => {
    expect(defaultMaxAttempts(images)).toBe(attempts);
  });

  it('never exceeds 25 and always allows at least min(N, 25) attempts', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), (images) => {
        const attempts = defaultMaxAttempts(images);
        expect(attempts).toBeLessThanOrEqual(25);
        expect(attempts).toBeGreaterThanOrEqual(Math.min(images, 25));
      }),
    );
  });

  it('allows every image a retry (2N+3) until the cap of 25 bites', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 11 }), (images) => {
        expect(defaultMaxAttempts(images)).toBe(images * 2 + 3);
      }),
    );
  });

  it('leaves fewer attempts than images above 25 images (the cap wins)', () => {
    expect(defaultMaxAttempts(26)).toBeLessThan(26);
  });
});
