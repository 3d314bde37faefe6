import type { LumaPlane } from './luma.js';

/**
 * Variance of the 4-neighbour Laplacian over the interior pixels: fine detail and sharp edges give large responses,
 * blur gives small ones. Images under 3 px on a side have no interior and score 0.
 */
export function laplacianVariance(luma: LumaPlane): number {
  const { width, height, data } = luma;
  if (width < 3 || height < 3) return 0;
  let sum = 0;
  let sumOfSquares = 0;
  for (let y = 1; y < height - 1; y += 1) {
    for (let x = 1, p = y * width + 1; x < width - 1; x += 1, p += 1) {
      const response =
        (data[p - width] ?? 0) + (data[p + width] ?? 0) + (data[p - 1] ?? 0) + (data[p + 1] ?? 0) - 4 * (data[p] ?? 0);
      sum += response;
      sumOfSquares += response * response;
    }
  }
  const count = (width - 2) * (height - 2);
  const mean = sum / count;
  return Math.max(0, sumOfSquares / count - mean * mean);
}
