import type { UniformSource } from './prng.js';

/** A standard normal draw from two uniforms (Box–Muller); 1 - u keeps the logarithm away from 0. */
export function sampleStandardNormal(random: UniformSource): number {
  const u1 = 1 - random();
  const u2 = random();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/**
 * A Gamma(shape, 1) draw by Marsaglia and Tsang's squeeze method (2000). Shapes below 1 use the boost
 * Gamma(shape) = Gamma(shape + 1) * U^(1/shape).
 */
export function sampleGamma(shape: number, random: UniformSource): number {
  if (!(shape > 0)) throw new RangeError(`Gamma shape must be positive, got ${shape}.`);
  if (shape < 1) return sampleGamma(shape + 1, random) * Math.pow(1 - random(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = sampleStandardNormal(random);
    const root = 1 + c * x;
    if (root <= 0) continue;
    const v = root * root * root;
    const u = 1 - random();
    if (u < 1 - 0.0331 * x ** 4) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}
