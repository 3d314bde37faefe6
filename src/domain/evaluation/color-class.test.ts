import { describe, expect, it } from 'vitest';
import { classifyColor, measureColor } from './color-class.js';
import type { RgbPixels } from './luma.js';

type Rgb = readonly [number, number, number];
const SIZE = 64;

/** An image whose pixel (x, y) is paint(x / SIZE, y / SIZE), each channel clamped and rounded to a byte. */
function image(paint: (u: number, v: number) => Rgb): RgbPixels {
  const data = new Uint8Array(SIZE * SIZE * 3);
  for (let p = 0; p < SIZE * SIZE; p += 1) {
    const rgb = paint((p % SIZE) / SIZE, Math.floor(p / SIZE) / SIZE);
    for (let c = 0; c < 3; c += 1) data[p * 3 + c] = Math.min(255, Math.max(0, Math.round(rgb[c] ?? 0)));
  }
  return { width: SIZE, height: SIZE, data };
}

/** Deterministic noise in [-amplitude, amplitude), independent per channel, like JPEG chroma noise. */
function noiseSource(amplitude: number): () => number {
  let state = 12345;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state / 2 ** 32 - 0.5) * 2 * amplitude;
  };
}

/** A grey level shaped like a photo: a diagonal ramp with a bright disc. */
const greyLevel = (u: number, v: number): number =>
  30 + (180 * (u + v)) / 2 + ((u - 0.6) ** 2 + (v - 0.4) ** 2 < 0.04 ? 40 : 0);

/** Toning as in a print: a fixed colour direction, strongest in the midtones, neutral at paper white and black. */
function toned(direction: Rgb, strength: number, noise = (): number => 0): RgbPixels {
  return image((u, v) => {
    const level = greyLevel(u, v);
    const midtone = 4 * (level / 255) * (1 - level / 255);
    return [0, 1, 2].map((c) => level + (direction[c] ?? 0) * strength * midtone + noise()) as unknown as Rgb;
  });
}

const SEPIA: Rgb = [1, 0.35, -0.9];
const SELENIUM: Rgb = [-0.3, -0.5, 0.8];

/** Fully saturated hues sweeping left to right. */
function rainbow(): RgbPixels {
  return image((u, v) => {
    const hue = u * 6;
    const ramp = (offset: number): number => Math.min(1, Math.max(0, Math.abs(((hue + offset) % 6) - 3) - 1));
    const light = 0.5 + 0.5 * v;
    return [255 * light * ramp(0), 255 * light * ramp(4), 255 * light * ramp(2)];
  });
}

describe('measureColor', () => {
  it('calls a grey image monochrome with zero chroma', () => {
    const grey = measureColor(image((u, v) => [greyLevel(u, v), greyLevel(u, v), greyLevel(u, v)]));
    expect(grey.meanChroma).toBeCloseTo(0, 10);
    expect(grey).toMatchObject({ hueConcentration: 1, colorClass: 'monochrome' });
  });

  it('calls grey with JPEG-like chroma noise (±3 levels per channel) monochrome', () => {
    const noise = noiseSource(3);
    const noisy = measureColor(
      image((u, v) => [greyLevel(u, v) + noise(), greyLevel(u, v) + noise(), greyLevel(u, v) + noise()]),
    );
    expect(noisy.meanChroma).toBeLessThan(3);
    expect(noisy.colorClass).toBe('monochrome');
  });

  it.each([
    ['sepia', SEPIA],
    ['selenium', SELENIUM],
  ])('calls a strongly %s-toned gradient monochrome: chroma well above 6 but one hue', (_name, direction) => {
    const print = measureColor(toned(direction, 30));
    expect(print.meanChroma).toBeGreaterThan(6);
    expect(print.hueConcentration).toBeGreaterThan(0.99);
    expect(print.colorClass).toBe('monochrome');
  });

  it('still calls a toned print monochrome through chroma noise', () => {
    const print = measureColor(toned(SEPIA, 30, noiseSource(3)));
    expect(print.colorClass).toBe('monochrome');
  });

  it('calls a rainbow colour, with hues that cancel out', () => {
    const colours = measureColor(rainbow());
    expect(colours.meanChroma).toBeGreaterThan(40);
    expect(colours.hueConcentration).toBeLessThan(0.2);
    expect(colours.colorClass).toBe('color');
  });

  it('does not call a warm one-hue picture monochrome when brightness does not predict its colour', () => {
    // Skin beside a paler wall of the same brightness and hue: concentrated like sepia, but not a toning.
    const warm = measureColor(
      image((u, v) => {
        const level = greyLevel(u, v);
        const strength = u < 0.5 ? 40 : 8;
        return [level + SEPIA[0] * strength, level + SEPIA[1] * strength, level + SEPIA[2] * strength];
      }),
    );
    expect(warm.hueConcentration).toBeGreaterThan(0.97);
    expect(warm.toneResidual).toBeGreaterThan(10);
    expect(warm.colorClass).toBe('uncertain');
  });

  it('does not call a red accent on a grey picture monochrome', () => {
    const accent = measureColor(
      image((u, v) => (u > 0.8 && v > 0.8 ? [220, 30, 30] : [greyLevel(u, v), greyLevel(u, v), greyLevel(u, v)])),
    );
    expect(accent.colorClass).not.toBe('monochrome');
  });
});

describe('classifyColor', () => {
  it.each([
    [2.9, 0.1, 50, 'monochrome'],
    [30, 0.99, 1, 'monochrome'],
    [30, 0.99, 9, 'uncertain'],
    [30, 0.5, 20, 'color'],
    [6.5, 0.89, 5, 'color'],
    [5, 0.3, 5, 'uncertain'],
    [30, 0.93, 20, 'uncertain'],
  ] as const)('chroma %f, concentration %f, tone residual %f -> %s', (chroma, concentration, residual, expected) => {
    expect(classifyColor(chroma, concentration, residual)).toBe(expected);
  });
});
