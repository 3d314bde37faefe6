/** Money is kept as integer micro-dollars so sums never drift: $0.04 = 40_000. */
export type MicroUsd = number;

export const MICRO_PER_USD = 1_000_000;

export function usdToMicro(usd: number): MicroUsd {
  return Math.round(usd * MICRO_PER_USD);
}

/** `40_000` -> `"$0.04"`; shows more decimals (up to micro-dollars) only when cents would hide the amount. */
export function formatUsd(micro: MicroUsd): string {
  const sign = micro < 0 ? '-' : '';
  const abs = Math.abs(micro);
  const decimals = abs % 10_000 === 0 ? 2 : abs % 100 === 0 ? 4 : 6;
  return `${sign}$${(abs / MICRO_PER_USD).toFixed(decimals)}`;
}
