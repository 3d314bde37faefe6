import type { LumaPlane } from './luma.js';

export interface Exposure {
  /** 5th percentile of luma, 0-255: high when even the darkest areas are light (washed out). */
  readonly brightnessP5: number;
  /** 99th percentile of luma, 0-255: low when even the brightest areas are dark. */
  readonly brightnessP99: number;
  /** Shannon entropy of the 256-bin luma histogram in bits: 0 for a flat image, 8 for uniform noise. */
  readonly entropyBits: number;
}

export function measureExposure(luma: LumaPlane): Exposure {
  const histogram = lumaHistogram(luma);
  const count = luma.data.length;
  return {
    brightnessP5: percentile(histogram, count, 0.05),
    brightnessP99: percentile(histogram, count, 0.99),
    entropyBits: entropy(histogram, count),
  };
}

function lumaHistogram(luma: LumaPlane): Uint32Array {
  const histogram = new Uint32Array(256);
  const data = luma.data;
  for (let i = 0; i < data.length; i += 1) {
    const value = data[i] ?? 0;
    const bin = value <= 0 ? 0 : value >= 255 ? 255 : (value + 0.5) | 0;
    histogram[bin] = (histogram[bin] ?? 0) + 1;
  }
  return histogram;
}

/** Nearest-rank percentile: the smallest level with at least share * count samples at or below it. */
function percentile(histogram: Uint32Array, count: number, share: number): number {
  const rank = Math.max(1, Math.ceil(share * count));
  let seen = 0;
  for (let level = 0; level < histogram.length; level += 1) {
    seen += histogram[level] ?? 0;
    if (seen >= rank) return level;
  }
  return 255;
}

function entropy(histogram: Uint32Array, count: number): number {
  let bits = 0;
  for (const frequency of histogram) {
    if (frequency === 0) continue;
    const probability = frequency / count;
    bits -= probability * Math.log2(probability);
  }
  return Math.max(0, bits);
}
