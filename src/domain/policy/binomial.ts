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

/**
 * P(X = k), k = 0..trials, for X ~ BetaBinomial(trials, alpha, beta): how many of `trials` attempts succeed when
 * their rate is only known as Beta(alpha, beta). The predictive the forecast pushes a job's mass forward with.
 */
export function betaBinomialPmf(trials: number, alpha: number, beta: number): number[] {
  let logPmf = 0;
  for (let i = 0; i < trials; i += 1) logPmf += Math.log(beta + i) - Math.log(alpha + beta + i);
  const pmf: number[] = [];
  for (let k = 0; k <= trials; k += 1) {
    pmf.push(Math.exp(logPmf));
    if (k < trials) {
      logPmf += Math.log(trials - k) + Math.log(k + alpha) - Math.log(k + 1) - Math.log(trials - k - 1 + beta);
    }
  }
  return pmf;
}

/**
 * The smallest A with P(at least `atLeast` successes in A attempts) >= confidence, when the rate is only known as
 * Beta(alpha, beta), searched no further than `ceiling` (returned when even that falls short). By the negative
 * beta-binomial: the n-th success lands on attempt A with probability C(A-1, n-1) B(alpha+n, beta+A-n) / B(alpha, beta),
 * each term from the last in log space, so large counts neither overflow nor underflow.
 */
export function betaBinomialAttemptsFor(
  atLeast: number,
  confidence: number,
  estimate: { readonly alpha: number; readonly beta: number },
  ceiling: number,
): number {
  if (atLeast <= 0) return 0;
  const { alpha, beta } = estimate;
  let logTerm = 0;
  for (let i = 0; i < atLeast; i += 1) logTerm += Math.log(alpha + i) - Math.log(alpha + beta + i);
  let cumulative = 0;
  for (let attempts = atLeast; attempts < ceiling; attempts += 1) {
    cumulative += Math.exp(logTerm);
    if (cumulative >= confidence) return attempts;
    logTerm +=
      Math.log(attempts) -
      Math.log(attempts - atLeast + 1) +
      Math.log(beta + attempts - atLeast) -
      Math.log(alpha + beta + attempts);
  }
  return Math.max(atLeast, ceiling);
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
