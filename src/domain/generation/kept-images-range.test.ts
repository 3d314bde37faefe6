import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keptImagesRange } from './kept-images-range.js';

describe('keptImagesRange', () => {
  it("matches the seed issue's exact odds: N=20 with 25 attempts reaches 20 at 85% about 84% of the time, at 65% about 8%", () => {
    expect(keptImagesRange(20, 25, 0.85).pComplete).toBeCloseTo(0.838, 2);
    expect(keptImagesRange(20, 25, 0.65).pComplete).toBeCloseTo(0.083, 2);
    expect(keptImagesRange(20, 25, 0.35).pComplete).toBeLessThan(1e-4);
    expect(keptImagesRange(5, 13, 0.35).pComplete).toBeCloseTo(0.5, 1);
  });

  it('is certain at the edges', () => {
    expect(keptImagesRange(5, 13, 1)).toEqual({ low: 5, expected: 5, high: 5, pComplete: 1 });
    expect(keptImagesRange(5, 13, 0)).toEqual({ low: 0, expected: 0, high: 0, pComplete: 0 });
  });

  it('keeps 0 <= low <= high <= requested and the mean within [0, requested] for any job', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 0, max: 100 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (n, extra, p) => {
          const range = keptImagesRange(n, n + extra, p);
          expect(range.low).toBeGreaterThanOrEqual(0);
          expect(range.low).toBeLessThanOrEqual(range.high);
          expect(range.high).toBeLessThanOrEqual(n);
          expect(range.expected).toBeGreaterThanOrEqual(0);
          expect(range.expected).toBeLessThanOrEqual(n + 1e-9);
          expect(range.pComplete).toBeGreaterThanOrEqual(0);
          expect(range.pComplete).toBeLessThanOrEqual(1 + 1e-9);
        },
      ),
    );
  });
});
