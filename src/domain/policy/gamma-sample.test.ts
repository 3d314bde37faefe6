import { describe, expect, it } from 'vitest';
import { sampleGamma, sampleStandardNormal } from './gamma-sample.js';
import { createPrng } from './prng.js';

function moments(draw: () => number, count: number): { mean: number; variance: number } {
  const xs = Array.from({ length: count }, draw);
  const mean = xs.reduce((s, x) => s + x, 0) / count;
  return { mean, variance: xs.reduce((s, x) => s + (x - mean) ** 2, 0) / count };
}

describe('sampleStandardNormal', () => {
  it('has mean 0 and variance 1', () => {
    const random = createPrng(3);
    const { mean, variance } = moments(() => sampleStandardNormal(random), 50_000);
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(variance).toBeCloseTo(1, 1);
  });
});

describe('sampleGamma (Marsaglia–Tsang)', () => {
  it.each([0.3, 0.6, 1, 3.4, 25])('has mean and variance equal to the shape %d', (shape) => {
    const random = createPrng(5);
    const { mean, variance } = moments(() => sampleGamma(shape, random), 50_000);
    expect(Math.abs(mean - shape)).toBeLessThan(5 * Math.sqrt(shape / 50_000));
    expect(variance / shape).toBeGreaterThan(0.94);
    expect(variance / shape).toBeLessThan(1.06);
  });

  it('rejects a shape that is not positive', () => {
    expect(() => sampleGamma(0, createPrng(1))).toThrow(RangeError);
  });
});
