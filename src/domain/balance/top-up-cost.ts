import { sumTargets, type TypeTargets } from '../generation/type-targets.js';
import type { MicroUsd } from '../money/micro-usd.js';

/**
 * What a top-up is expected to cost, as the balancer states it before anything happens: images x price x expected
 * attempts per image (1 / success rate), rounded to the cent.
 */
export function topUpCost(
  generate: TypeTargets,
  priceMicroUsd: MicroUsd,
  successRate: number,
): { images: number; attemptsPerImage: number; costMicroUsd: MicroUsd } {
  const images = sumTargets(generate);
  const attemptsPerImage = 1 / Math.max(successRate, 0.01);
  const costMicroUsd = Math.round((images * priceMicroUsd * attemptsPerImage) / 10_000) * 10_000;
  return { images, attemptsPerImage, costMicroUsd };
}
