import type { ColorClass } from './image-measurements.js';
import type { RgbPixels } from './luma.js';

export interface ColorMeasurement {
  readonly meanChroma: number;
  readonly hueConcentration: number;
  /** RMS chroma, in 8-bit levels, left after predicting each pixel's (Cb, Cr) from its brightness alone. */
  readonly toneResidual: number;
  readonly colorClass: ColorClass;
}

/**
 * Tuned on this project's fixtures (sharp-image-analyzer.test.ts and the sim renderer's outputs): grey JPEGs and the
 * sim's lightly toned black-and-white renders measure chroma 0-2.8; sepia, selenium and cyanotype prints (sharp's
 * tint and the classic sepia matrix) hue concentration 0.987-0.9999 with tone residual <= 2.5; sim renders of a
 * colourful base concentration <= 0.79; warm portraits (skin, hair, a peach wall) reach concentration 0.985 but keep
 * a tone residual >= 5.5. Whatever falls between is 'uncertain', which the balancer does not act on.
 */
export const COLOR_THRESHOLDS = {
  /** Below this mean chroma the image is grey whatever its hues. */
  monochromeChroma: 3,
  /** Above this mean chroma (and with varied hue) the image is colour. */
  colorChroma: 6,
  /** Pixels at or below this chroma are too grey for their hue angle to mean anything. */
  hueNoiseFloor: 2,
  /** At or above this concentration the hue is nearly constant, as in a toned print... */
  constantHue: 0.97,
  /** ...provided brightness also predicts the chroma this closely: toning is a function of brightness. */
  maxToneResidual: 4,
  /** Below this concentration the hue is varied. */
  variedHue: 0.9,
} as const;

/** Brightness bands for the tone residual (4 levels each): narrow enough that a tint's chroma barely changes within one. */
const TONE_BANDS = 64;

/**
 * Chroma is the length of (Cb, Cr) in JPEG's YCbCr, so grey is 0 whatever the brightness. Hue concentration is the
 * mean resultant length of the chromatic pixels' hue unit vectors weighted by their chroma, which reduces to
 * |Σ (Cb, Cr)| / Σ chroma: 1 when every chromatic pixel has the same hue, near 0 when hues cancel out. An image with
 * no chromatic pixels counts as one constant hue (1).
 *
 * A warm colour portrait (skin, brown hair, a peach wall) can be as concentrated in hue as a sepia print; what tells
 * them apart is that toning gives every pixel of one brightness the same colour. The tone residual measures what is
 * left of (Cb, Cr) after subtracting the mean of the pixel's brightness band.
 */
export function measureColor(pixels: RgbPixels): ColorMeasurement {
  const count = pixels.width * pixels.height;
  const rgb = pixels.data;
  const bands = new Float64Array(TONE_BANDS * 4);
  let chromaTotal = 0;
  let hueWeight = 0;
  let cbTotal = 0;
  let crTotal = 0;
  for (let i = 0; i < count * 3; i += 3) {
    const r = rgb[i] ?? 0;
    const g = rgb[i + 1] ?? 0;
    const b = rgb[i + 2] ?? 0;
    const cb = -0.168736 * r - 0.331264 * g + 0.5 * b;
    const cr = 0.5 * r - 0.418688 * g - 0.081312 * b;
    const energy = cb * cb + cr * cr;
    const chroma = Math.sqrt(energy);
    chromaTotal += chroma;
    if (chroma > COLOR_THRESHOLDS.hueNoiseFloor) {
      hueWeight += chroma;
      cbTotal += cb;
      crTotal += cr;
    }
    const at = (((0.299 * r + 0.587 * g + 0.114 * b) * TONE_BANDS) >> 8) << 2;
    bands[at] = (bands[at] ?? 0) + 1;
    bands[at + 1] = (bands[at + 1] ?? 0) + cb;
    bands[at + 2] = (bands[at + 2] ?? 0) + cr;
    bands[at + 3] = (bands[at + 3] ?? 0) + energy;
  }
  const meanChroma = count > 0 ? chromaTotal / count : 0;
  const hueConcentration = hueWeight > 0 ? Math.min(1, Math.hypot(cbTotal, crTotal) / hueWeight) : 1;
  const toneResidual = residualRms(bands);
  return {
    meanChroma,
    hueConcentration,
    toneResidual,
    colorClass: classifyColor(meanChroma, hueConcentration, toneResidual),
  };
}

export function classifyColor(meanChroma: number, hueConcentration: number, toneResidual: number): ColorClass {
  const t = COLOR_THRESHOLDS;
  if (meanChroma < t.monochromeChroma) return 'monochrome';
  if (hueConcentration >= t.constantHue && toneResidual <= t.maxToneResidual) return 'monochrome';
  if (meanChroma > t.colorChroma && hueConcentration < t.variedHue) return 'color';
  return 'uncertain';
}

/** RMS of (Cb, Cr) around each brightness band's mean, from per-band [count, Σ Cb, Σ Cr, Σ (Cb² + Cr²)]. */
function residualRms(bands: Float64Array): number {
  let residual = 0;
  let count = 0;
  for (let at = 0; at < bands.length; at += 4) {
    const n = bands[at] ?? 0;
    if (n === 0) continue;
    const cb = bands[at + 1] ?? 0;
    const cr = bands[at + 2] ?? 0;
    residual += (bands[at + 3] ?? 0) - (cb * cb + cr * cr) / n;
    count += n;
  }
  return count > 0 ? Math.sqrt(Math.max(0, residual) / count) : 0;
}
