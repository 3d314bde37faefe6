/**
 * How long to wait before try number `tryNumber` + 1 after `tryNumber` failed (1-based): doubling from `baseMs`,
 * never more than `maxMs`. Pure and without jitter, so a fake clock can predict it; callers that share a provider
 * spread out by starting at different times.
 */
export function backoffMs(tryNumber: number, baseMs: number, maxMs: number): number {
  const exponent = Math.max(0, Math.min(30, tryNumber - 1));
  return Math.min(maxMs, baseMs * 2 ** exponent);
}
