/**
 * How many images a job keeps when each of up to `maxAttempts` attempts succeeds with probability `p` and the job
 * stops at `requested`: min(requested, Binomial(maxAttempts, p)). Exact, from the binomial distribution.
 */
export interface KeptImagesRange {
  /** 10th percentile: 9 jobs in 10 keep at least this many. */
  readonly low: number;
  readonly expected: number;
  /** 90th percentile. */
  readonly high: number;
  /** Probability of keeping all `requested` images. */
  readonly pComplete: number;
}

export function keptImagesRange(requested: number, maxAttempts: number, p: number): KeptImagesRange {
  const pmf = binomialPmf(maxAttempts, Math.min(1, Math.max(0, p)));
  const kept = new Array<number>(requested + 1).fill(0);
  pmf.forEach((probability, successes) => {
    kept[Math.min(successes, requested)]! += probability;
  });
  let expected = 0;
  kept.forEach((probability, k) => (expected += probability * k));
  return { low: quantile(kept, 0.1), expected, high: quantile(kept, 0.9), pComplete: kept[requested] ?? 0 };
}

/** Computed in log space so large attempt counts neither overflow nor underflow. */
function binomialPmf(n: number, p: number): number[] {
  if (p === 0) return Array.from({ length: n + 1 }, (_, k) => (k === 0 ? 1 : 0));
  if (p === 1) return Array.from({ length: n + 1 }, (_, k) => (k === n ? 1 : 0));
  const logP = Math.log(p);
  const logQ = Math.log(1 - p);
  const pmf: number[] = [];
  let logChoose = 0;
  for (let k = 0; k <= n; k += 1) {
    if (k > 0) logChoose += Math.log(n - k + 1) - Math.log(k);
    pmf.push(Math.exp(logChoose + k * logP + (n - k) * logQ));
  }
  return pmf;
}

function quantile(distribution: readonly number[], q: number): number {
  let cumulative = 0;
  for (let k = 0; k < distribution.length; k += 1) {
    cumulative += distribution[k]!;
    if (cumulative >= q - 1e-12) return k;
  }
  return distribution.length - 1;
}
