import { describe, expect, it } from 'vitest';
import { measureExposure } from './exposure.js';
import type { LumaPlane } from './luma.js';

const plane = (values: ArrayLike<number>, width = values.length): LumaPlane => ({
  width,
  height: values.length / width,
  data: Float32Array.from(values),
});

/** Deterministic noise spread over low..high. */
function noise(count: number, low: number, high: number, seed = 7): LumaPlane {
  let state = seed;
  return plane(
    Array.from({ length: count }, () => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return low + (state / 2 ** 32) * (high - low);
    }),
  );
}

describe('measureExposure', () => {
  it('gives a flat image zero entropy and both percentiles at its level', () => {
    expect(measureExposure(plane(new Array(1000).fill(90)))).toEqual({
      brightnessP5: 90,
      brightnessP99: 90,
      entropyBits: 0,
    });
  });

  it('gives every level equally often exactly 8 bits', () => {
    const everyLevel = Array.from({ length: 256 * 64 }, (_, i) => i % 256);
    expect(measureExposure(plane(everyLevel, 256)).entropyBits).toBeCloseTo(8, 10);
  });

  it('gives uniform noise nearly 8 bits', () => {
    expect(measureExposure(noise(256 * 256, 0, 256)).entropyBits).toBeGreaterThan(7.99);
  });

  it('gives two levels one bit', () => {
    expect(measureExposure(plane([10, 200, 10, 200])).entropyBits).toBeCloseTo(1, 10);
  });

  it('finds a dark image by its low 99th percentile', () => {
    const dark = measureExposure(noise(10_000, 0, 40));
    expect(dark.brightnessP99).toBeLessThanOrEqual(40);
    expect(dark.brightnessP99).toBeGreaterThanOrEqual(38);
  });

  it('finds a washed-out image by its high 5th percentile', () => {
    const washedOut = measureExposure(noise(10_000, 200, 255));
    expect(washedOut.brightnessP5).toBeGreaterThanOrEqual(200);
    expect(washedOut.brightnessP5).toBeLessThanOrEqual(205);
  });

  it('takes nearest-rank percentiles of a ramp', () => {
    const ramp = Array.from({ length: 100 }, (_, i) => i);
    expect(measureExposure(plane(ramp))).toMatchObject({ brightnessP5: 4, brightnessP99: 98 });
  });

  it('ignores a few specks: one white pixel in 1,000 does not lift the 99th percentile', () => {
    const values = new Array(1000).fill(20);
    values[500] = 255;
    expect(measureExposure(plane(values)).brightnessP99).toBe(20);
  });
});
