import { describe, expect, it } from 'vitest';
import { topUpCost } from './top-up-cost.js';

describe('topUpCost', () => {
  it('is images x price x expected attempts per image, to the cent', () => {
    expect(topUpCost({ photorealistic: 4, bw_stylized: 0, color_stylized: 3 }, 40_000, 0.65)).toEqual({
      images: 7,
      attemptsPerImage: 1 / 0.65,
      costMicroUsd: 430_000,
    });
    expect(topUpCost({ photorealistic: 5, bw_stylized: 0, color_stylized: 0 }, 40_000, 1).costMicroUsd).toBe(200_000);
  });

  it('costs nothing when there is nothing to generate, and never divides by zero', () => {
    expect(topUpCost({ photorealistic: 0, bw_stylized: 0, color_stylized: 0 }, 40_000, 0.5).costMicroUsd).toBe(0);
    expect(
      Number.isFinite(topUpCost({ photorealistic: 1, bw_stylized: 0, color_stylized: 0 }, 40_000, 0).costMicroUsd),
    ).toBe(true);
  });
});
