import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPrng } from './prng.js';

describe('createPrng', () => {
  it('repeats the same stream for the same seed and differs for another seed', () => {
    const a = createPrng(42);
    const b = createPrng(42);
    const c = createPrng(43);
    const first = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(first);
    expect(Array.from({ length: 5 }, c)).not.toEqual(first);
  });

  it('stays in [0, 1) for any seed', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const next = createPrng(seed);
        for (let i = 0; i < 100; i += 1) {
          const u = next();
          expect(u).toBeGreaterThanOrEqual(0);
          expect(u).toBeLessThan(1);
        }
      }),
    );
  });

  it('is close to uniform: mean 1/2 and each tenth about 10% of 100,000 draws', () => {
    const next = createPrng(7);
    const bins = new Array<number>(10).fill(0);
    let sum = 0;
    for (let i = 0; i < 100_000; i += 1) {
      const u = next();
      sum += u;
      bins[Math.floor(u * 10)]! += 1;
    }
    expect(sum / 100_000).toBeCloseTo(0.5, 2);
    for (const count of bins) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });
});
