import { describe, expect, it } from 'vitest';
import { laplacianVariance } from './laplacian.js';
import type { LumaPlane } from './luma.js';

function checkerboard(size: number, cell: number): LumaPlane {
  const data = Float32Array.from({ length: size * size }, (_, i) => {
    const [x, y] = [i % size, Math.floor(i / size)];
    return (Math.floor(x / cell) + Math.floor(y / cell)) % 2 === 0 ? 40 : 220;
  });
  return { width: size, height: size, data };
}

/** A 5x5 box blur (edges clamped), as a defocused lens would soften the image. */
function boxBlur(plane: LumaPlane, radius = 2): LumaPlane {
  const { width, height, data } = plane;
  const out = new Float32Array(data.length);
  const clamp = (value: number, max: number): number => Math.min(max, Math.max(0, value));
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      let sum = 0;
      for (let dy = -radius; dy <= radius; dy += 1) {
        for (let dx = -radius; dx <= radius; dx += 1)
          sum += data[clamp(y + dy, height - 1) * width + clamp(x + dx, width - 1)] ?? 0;
      }
      out[y * width + x] = sum / (2 * radius + 1) ** 2;
    }
  }
  return { width, height, data: out };
}

describe('laplacianVariance', () => {
  it('is 0 for a flat image and for images with no interior pixels', () => {
    expect(laplacianVariance({ width: 8, height: 8, data: new Float32Array(64).fill(99) })).toBe(0);
    expect(laplacianVariance({ width: 2, height: 50, data: new Float32Array(100).map((_, i) => i) })).toBe(0);
  });

  it('is 0 for a linear ramp: no edges, only a slope', () => {
    const ramp = {
      width: 16,
      height: 16,
      data: Float32Array.from({ length: 256 }, (_, i) => (i % 16) * 10 + Math.floor(i / 16) * 3),
    };
    expect(laplacianVariance(ramp)).toBeCloseTo(0, 6);
  });

  it('drops well below half for a blurred copy', () => {
    const sharp = checkerboard(64, 4);
    const blurred = boxBlur(sharp);
    expect(laplacianVariance(blurred)).toBeLessThan(0.5 * laplacianVariance(sharp));
    expect(laplacianVariance(boxBlur(blurred))).toBeLessThan(laplacianVariance(blurred));
  });

  it('scales with the square of the contrast', () => {
    const board = checkerboard(32, 3);
    const halfContrast = { ...board, data: board.data.map((value) => 130 + (value - 130) / 2) };
    expect(laplacianVariance(halfContrast)).toBeCloseTo(laplacianVariance(board) / 4, 3);
  });
});
