/**
 * Binomial and beta-binomial odds, exact, computed term by term in log space so that large trial counts neither
 * overflow nor underflow, and small tails are summed directly (never as 1 minus a number close to 1).
 */

/** P(X = k) for X ~ Binomial(trials, p), k = 0..trials. */
export function binomialPmf(trials: number, p: number): number[] {
  if (p <= 0) return Array.from({ length: trials + 1 }, (_, k) => (k === 0 ? 1 : 0));
  if (p >= 1) return Array.from({ length: trials + 1 }, (_, k) => (k === trials ? 1 : 0));
  const logP = Math.log(p);
  const logQ = Math.log1p(-p);
  const pmf: number[] = [];
  let logChoose = 0;
  for (let k = 0; k <= trials; k += 1) {
    if (k > 0) logChoose += Math.log(trials - k + 1) - Math.log(k);
    pmf.push(Math.exp(logChoose + k * logP + (trials - k) * logQ));
  }
  return pmf;
}

/** P(Binomial(trials, p) >= atLeast): the chance that `trials` attempts at success rate p give `atLeast` images. */
export function binomialAtLeast(atLeast: number, trials: number, p: number): number {
  if (atLeast <= 0) return 1;
  if (atLeast > trials) return 0;
  const pmf = binomialPmf(trials, p);
  let tail = 0;
  for (let k = atLeast; k <= trials; k += 1) tail += pmf[k]!;
  return Math.min(1, tail);
}

/**
 * P(X >= atLeast) for X ~ BetaBinomial(trials, alpha, beta): the same chance when the success rate is not known but
 * estimated as Beta(alpha, beta), so that a rate seen over few attempts is not trusted more than it deserves.
 */
export function betaBinomialAtLeast(atLeast: number, trials: number, alpha: number, beta: number): number {
  if (atLeast <= 0) return 1;
  if (atLeast > trials) return 0;
  let logPmf = 0;
  for (let i = 0; i < trials; i += 1) logPmf += Math.log(beta + i) - Math.log(alpha + beta + i);
  let tail = 0;
  for (let k = 0; k <= trials; k += 1) {
    if (k >= atLeast) tail += Math.exp(logPmf);
    if (k < trials) {
      logPmf += Math.log(trials - k) + Math.log(k + alpha) - Math.log(k + 1) - Math.log(trials - k - 1 + beta);
    }
  }
  return Math.min(1, tail);
}

/** The smallest value whose cumulative probability reaches q, for a distribution given as masses over 0, 1, 2... */
export function quantileOf(masses: readonly number[], q: number): number {
  let cumulative = 0;
  for (let value = 0; value < masses.length; value += 1) {
    cumulative += masses[value]!;
    if (cumulative >= q - 1e-12) return value;
  }
  return masses.length - 1;
}

/** The mean of a distribution given as masses over 0, 1, 2..., divided by the total mass. */
export function meanOf(masses: readonly number[]): number {
  let total = 0;
  let weighted = 0;
  masses.forEach((mass, value) => {
    total += mass;
    weighted += mass * value;
  });
  return total > 0 ? weighted / total : 0;
}
