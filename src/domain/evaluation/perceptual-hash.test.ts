import { describe, expect, it } from 'vitest';
import { hammingDistance } from './hamming.js';
import { resizeArea, type LumaPlane } from './luma.js';
import { differenceHash, perceptualHash } from './perceptual-hash.js';

/** A seeded scene: a few blurry blobs of different brightness on a gradient, like the coarse layout of a photo. */
function scene(seed: number, width = 256, height = 256): LumaPlane {
  let state = seed >>> 0;
  const next = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const blobs = Array.from({ length: 6 }, () => ({
    x: next(),
    y: next(),
    r: 0.08 + 0.2 * next(),
    level: 160 * next() - 80,
  }));
  const tilt = next() * 2 * Math.PI;
  const data = new Float32Array(width * height);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const [u, v] = [x / width, y / height];
      let value = 128 + 50 * (Math.cos(tilt) * (u - 0.5) + Math.sin(tilt) * (v - 0.5));
      for (const blob of blobs) value += blob.level * Math.exp(-((u - blob.x) ** 2 + (v - blob.y) ** 2) / blob.r ** 2);
      data[y * width + x] = Math.min(255, Math.max(0, value));
    }
  }
  return { width, height, data };
}

const map = (plane: LumaPlane, f: (value: number) => number): LumaPlane => ({ ...plane, data: plane.data.map(f) });

describe('perceptualHash and differenceHash', () => {
  const original = scene(1);

  it('are 64 bits as 16 lowercase hex digits', () => {
    expect(perceptualHash(original)).toMatch(/^[0-9a-f]{16}$/);
    expect(differenceHash(original)).toMatch(/^[0-9a-f]{16}$/);
  });

  it('barely change when the image is downscaled 2x or 4x', () => {
    for (const factor of [2, 4]) {
      const smaller = resizeArea(original, 256 / factor, 256 / factor);
      expect(hammingDistance(perceptualHash(smaller), perceptualHash(original))).toBeLessThanOrEqual(2);
      expect(hammingDistance(differenceHash(smaller), differenceHash(original))).toBeLessThanOrEqual(2);
    }
  });

  it('ignore a uniform brightness shift and a contrast change', () => {
    const brighter = map(original, (value) => value * 0.8 + 30);
    expect(hammingDistance(perceptualHash(brighter), perceptualHash(original))).toBeLessThanOrEqual(1);
    expect(hammingDistance(differenceHash(brighter), differenceHash(original))).toBeLessThanOrEqual(1);
  });

  it('flip almost every bit for the inverted image', () => {
    const inverted = map(original, (value) => 255 - value);
    expect(hammingDistance(perceptualHash(inverted), perceptualHash(original))).toBeGreaterThanOrEqual(56);
    expect(hammingDistance(differenceHash(inverted), differenceHash(original))).toBeGreaterThanOrEqual(56);
  });

  it('tell different scenes apart', () => {
    for (const seed of [2, 3, 4, 5]) {
      expect(hammingDistance(perceptualHash(scene(seed)), perceptualHash(original))).toBeGreaterThanOrEqual(16);
      expect(hammingDistance(differenceHash(scene(seed)), differenceHash(original))).toBeGreaterThanOrEqual(12);
    }
  });

  it('sets dHash bits where brightness rises to the right', () => {
    const rising = { width: 9, height: 8, data: Float32Array.from({ length: 72 }, (_, i) => (i % 9) * 10) };
    expect(differenceHash(rising)).toBe('ffffffffffffffff');
    expect(differenceHash(map(rising, (value) => 255 - value))).toBe('0000000000000000');
  });
});
