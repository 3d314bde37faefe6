/**
 * Success rate = completed / attempts * 100, kept as an integer number of tenths of a percent so what is stored is
 * exact (no float drift): 2 of 3 -> 667 (66.7%). Rounds half up with integer arithmetic.
 */
export function successRatePermille(completed: number, attempts: number): number {
  if (attempts <= 0) return 0;
  return Math.floor((2000 * completed + attempts) / (2 * attempts));
}

/** `667` -> `"66.7%"`. */
export function formatPermille(permille: number): string {
  return `${Math.floor(permille / 10)}.${permille % 10}%`;
}
