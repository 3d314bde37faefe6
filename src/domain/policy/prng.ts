/** A uniform source on [0, 1): what every sampler in this folder takes instead of calling Math.random. */
export type UniformSource = () => number;

/**
 * mulberry32: a tiny, fast 32-bit generator with a full 2^32 period; plenty for Monte Carlo odds and benchmarks,
 * and the same seed always gives the same stream, so forecasts and simulations are reproducible.
 */
export function createPrng(seed: number): UniformSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
