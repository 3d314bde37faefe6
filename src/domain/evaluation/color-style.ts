import type { RgbPixels } from './luma.js';

export interface ColorStyleMeasurement {
  /** Hasler and Süsstrunk's colourfulness M (opponent rg/yb spread plus mean): ~0 grey, 50-110 photos, 100+ graded art. */
  readonly colorfulness: number;
  /** Mean HSV saturation, 0..1. */
  readonly saturation: number;
}

/** How colourful and saturated the pixels are: what tells a colour-graded, posterized render from a photo. */
export function measureColorStyle(pixels: RgbPixels): ColorStyleMeasurement {
  const count = pixels.width * pixels.height;
  const rgb = pixels.data;
  let rgSum = 0;
  let ybSum = 0;
  let rgSquares = 0;
  let ybSquares = 0;
  let saturationSum = 0;
  for (let i = 0; i < count * 3; i += 3) {
    const r = rgb[i] ?? 0;
    const g = rgb[i + 1] ?? 0;
    const b = rgb[i + 2] ?? 0;
    const rg = r - g;
    const yb = 0.5 * (r + g) - b;
    rgSum += rg;
    ybSum += yb;
    rgSquares += rg * rg;
    ybSquares += yb * yb;
    const max = Math.max(r, g, b);
    saturationSum += max === 0 ? 0 : (max - Math.min(r, g, b)) / max;
  }
  if (count === 0) return { colorfulness: 0, saturation: 0 };
  const rgMean = rgSum / count;
  const ybMean = ybSum / count;
  const spread = Math.sqrt(Math.max(0, rgSquares / count - rgMean ** 2) + Math.max(0, ybSquares / count - ybMean ** 2));
  return { colorfulness: spread + 0.3 * Math.hypot(rgMean, ybMean), saturation: saturationSum / count };
}

/**
 * Where a colour image with no label falls between `photorealistic` and `color_stylized`: colourfulness / 100 plus
 * saturation. Measured on the sim's renders of this project's two base portraits (12 seeds each): photorealistic
 * 0.81-1.74 (one outlier 1.93), color_stylized 1.45-3.28 (most above 1.78); the cut between them errs about one
 * image in ten, which is why the plan says an image's type came from its pixels.
 */
export const STYLIZED_SCORE_CUT = 1.75;

export function isStylized(style: ColorStyleMeasurement): boolean {
  return style.colorfulness / 100 + style.saturation >= STYLIZED_SCORE_CUT;
}
