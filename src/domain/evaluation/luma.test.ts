import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resizeArea, toLuma, type LumaPlane } from './luma.js';

function plane(width: number, height: number, values: readonly number[]): LumaPlane {
  return { width, height, data: Float32Array.from(values) };
}

const mean = (data: Float32Array): number => data.reduce((total, value) => total + value, 0) / data.length;

describe('toLuma', () => {
  it('weights red, green and blue as BT.601 does (the Y of JPEG)', () => {
    const pixels = { width: 4, height: 1, data: Uint8Array.from([0, 0, 0, 255, 255, 255, 0, 255, 0, 255, 0, 0]) };
    const luma = toLuma(pixels).data;
    expect(luma[0]).toBe(0);
    expect(luma[1]).toBeCloseTo(255, 3);
    expect(luma[2]).toBeCloseTo(0.587 * 255, 3);
    expect(luma[3]).toBeCloseTo(0.299 * 255, 3);
  });
});

describe('resizeArea', () => {
  it('averages whole blocks when shrinking by an integer factor', () => {
    const source = plane(4, 2, [0, 2, 10, 20, 4, 6, 30, 40]);
    expect(Array.from(resizeArea(source, 2, 1).data)).toEqual([3, 25]);
  });

  it('weights partly covered pixels by their overlap (3 -> 2)', () => {
    const resized = resizeArea(plane(3, 1, [0, 30, 90]), 2, 1).data;
    expect(resized[0]).toBeCloseTo((0 * 1 + 30 * 0.5) / 1.5, 5);
    expect(resized[1]).toBeCloseTo((30 * 0.5 + 90 * 1) / 1.5, 5);
  });

  it('repeats pixels when enlarging', () => {
    expect(Array.from(resizeArea(plane(1, 1, [77]), 3, 2).data)).toEqual([77, 77, 77, 77, 77, 77]);
  });

  it('keeps the mean brightness of any image at any size', () => {
    const sides = fc.integer({ min: 1, max: 40 });
    fc.assert(
      fc.property(sides, sides, sides, sides, fc.integer({ min: 0, max: 2 ** 31 }), (w, h, outW, outH, seed) => {
        const values = Array.from({ length: w * h }, (_, i) => ((seed + i * 2654435761) >>> 0) % 256);
        const source = plane(w, h, values);
        const resized = resizeArea(source, outW, outH);
        expect(resized.data).toHaveLength(outW * outH);
        expect(mean(resized.data)).toBeCloseTo(mean(source.data), 2);
      }),
    );
  });
});
