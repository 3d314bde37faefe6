// The sentences that sum up a balance plan on screen.
import { IMAGE_TYPES, type BalancePlan, type TypeCounts } from '../api/types';
import { formatUsd, plural, typeLabel } from '../format';

export function sumCounts(counts: TypeCounts): number {
  return IMAGE_TYPES.reduce((sum, type) => sum + counts[type], 0);
}

/** `Photorealistic 3, Color stylized 1`: the non-zero types only. */
export function describeCounts(counts: TypeCounts): string {
  return IMAGE_TYPES.filter((type) => counts[type] > 0)
    .map((type) => `${typeLabel(type)} ${counts[type]}`)
    .join(', ');
}

/** `Generate 7 (…) on sim: estimated $0.43 — 7 images × $0.04 × 1.54 expected attempts each (65% success)`. */
export function describeTopUp(plan: BalancePlan, priceUsd: number): string {
  const images = sumCounts(plan.generate);
  if (images === 0) return 'Generate nothing: every type is at its target after the deletions.';
  const successPercent = Math.round(plan.expectedSuccessRate * 100);
  return (
    `Generate ${images} (${describeCounts(plan.generate)}) on ${plan.provider}: ` +
    `estimated ${formatUsd(plan.estimatedCostUsd)} — ${plural(images, 'image')} × ${formatUsd(priceUsd)} × ` +
    `${plan.attemptsPerImage.toFixed(2)} expected attempts each (${successPercent}% expected success)`
  );
}

/** Where the image measurements came from: decoded for this plan, or the cache of earlier plans. */
export function describeMeasurements(plan: BalancePlan): string {
  const total = sumCounts(plan.before) + plan.before.unknown;
  const cached = Math.max(0, total - plan.measuredNow);
  if (total === 0) return 'The set is empty: there was nothing to measure.';
  if (cached === 0) return `Measured all ${plural(total, 'image')} now (none were cached yet).`;
  if (plan.measuredNow === 0) return `The measurements of all ${plural(total, 'image')} came from the cache.`;
  return `Measured ${plural(plan.measuredNow, 'image')} now; the other ${cached} came from the cache.`;
}
