import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RgbPixels } from './luma.js';
import { measurePixels } from './measure-pixels.js';

function gradient(width: number, height: number): RgbPixels {
  const data = new Uint8Array(width * height * 3);
  for (let p = 0; p < width * height; p += 1) {
    const [x, y] = [p % width, Math.floor(p / width)];
    data.set([(x * 255) / width, (y * 255) / height, 128], p * 3);
  }
  return { width, height, data };
}

describe('measurePixels', () => {
  it('measures every field from the working image and keeps the original size', () => {
    const measured = measurePixels(gradient(256, 171), { width: 3000, height: 2000 });
    expect(measured).toMatchObject({ width: 3000, height: 2000, colorClass: 'color' });
    expect(measured.pHash).toMatch(/^[0-9a-f]{16}$/);
    expect(measured.dHash).toMatch(/^[0-9a-f]{16}$/);
    expect(measured.brightnessP5).toBeLessThan(measured.brightnessP99);
    expect(measured.entropyBits).toBeGreaterThan(5);
    expect(Object.keys(measured).sort()).toEqual([
      'brightnessP5',
      'brightnessP99',
      'colorClass',
      'colorfulness',
      'dHash',
      'entropyBits',
      'height',
      'hueConcentration',
      'meanChroma',
      'pHash',
      'saturation',
      'sharpness',
      'width',
    ]);
  });

  it('rejects pixel data that does not match the stated size', () => {
    expect(() => measurePixels({ width: 2, height: 2, data: new Uint8Array(11) }, { width: 2, height: 2 })).toThrow(
      /12 bytes/,
    );
    expect(() => measurePixels({ width: 0, height: 2, data: new Uint8Array(0) }, { width: 0, height: 2 })).toThrow(
      /at least 1x1/,
    );
  });

  it('never throws and returns finite, in-range numbers for any small image', () => {
    const anyImage = fc
      .record({ width: fc.integer({ min: 1, max: 24 }), height: fc.integer({ min: 1, max: 24 }) })
      .chain(({ width, height }) =>
        fc
          .uint8Array({ minLength: width * height * 3, maxLength: width * height * 3 })
          .map((data) => ({ width, height, data })),
      );
    fc.assert(
      fc.property(anyImage, (pixels) => {
        const m = measurePixels(pixels, { width: pixels.width * 4, height: pixels.height * 4 });
        for (const value of [
          m.meanChroma,
          m.hueConcentration,
          m.sharpness,
          m.brightnessP5,
          m.brightnessP99,
          m.entropyBits,
        ]) {
          expect(Number.isFinite(value)).toBe(true);
        }
        expect(m.hueConcentration).toBeGreaterThanOrEqual(0);
        expect(m.hueConcentration).toBeLessThanOrEqual(1);
        expect(m.entropyBits).toBeGreaterThanOrEqual(0);
        expect(m.entropyBits).toBeLessThanOrEqual(8);
        expect(m.brightnessP5).toBeLessThanOrEqual(m.brightnessP99);
        expect(m.sharpness).toBeGreaterThanOrEqual(0);
        expect(m.pHash).toMatch(/^[0-9a-f]{16}$/);
        expect(m.dHash).toMatch(/^[0-9a-f]{16}$/);
      }),
      { numRuns: 200 },
    );
  });

  it('is deterministic', () => {
    const pixels = gradient(40, 30);
    expect(measurePixels(pixels, { width: 40, height: 30 })).toEqual(measurePixels(pixels, { width: 40, height: 30 }));
  });
});
