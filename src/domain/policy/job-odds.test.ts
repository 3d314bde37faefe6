import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { betaBinomialAtLeast, binomialAtLeast } from './binomial.js';
import { FRESH_PROVIDER_PSEUDO_COUNT, priorEstimate } from './beta-estimate.js';
import { derivedAttemptBudget } from './attempt-budget.js';
import { defaultMaxAttempts } from '../generation/max-attempts.js';
import { defaultCostCapAttempts, EXACT_WORK_LIMIT, forecast, SIMULATION_TRIALS } from './job-odds.js';
import { createPrng } from './prng.js';
import { simulateJob, type SimPolicy } from './simulate-job.js';

function simulatedReachRate(
  input: { n: number; p: number; maxAttempts: number },
  seed: number,
  trials: number,
): number {
  const random = createPrng(seed);
  let reached = 0;
  for (let i = 0; i < trials; i += 1) {
    reached += simulateJob({ ...input, concurrency: 8, policy: 'thrifty' }, random).isReachedN ? 1 : 0;
  }
  return reached / trials;
}

/**
 * Relative tolerance for a mean over `trials` simulated jobs: 4 standard errors, bounding the relative spread of
 * attempts (and of rounds) by the negative binomial's, sqrt((1 - p) / n).
 */
function tolerance(n: number, p: number, trials: number): number {
  return 4 * Math.sqrt((1 - p) / n / trials) + 0.01;
}

/** Statistical properties run on a fixed seed: random inputs, reproducible verdict (no 1-in-300 flakes). */
const STATISTICAL = { seed: 20_250_601 };

describe('forecast: the odds before start', () => {
  it("reproduces the seed's odds: N = 20 with its 25 attempts reaches 20 at 85% about 84% of the time", () => {
    const seed = forecast({ n: 20, p: 0.85, concurrency: 8, maxAttempts: defaultMaxAttempts(20), mode: 'seed' });
    expect(seed.pReachN).toBeCloseTo(0.838, 2);
    expect(seed.expectedWallRounds).toBeCloseTo(seed.expectedAttempts, 9);
  });

  it('thrifty and seed pay the same attempts (N/p when the cap is far), thrifty in fewer rounds', () => {
    const input = { n: 10, p: 0.65, concurrency: 8, maxAttempts: 200 };
    const thrifty = forecast({ ...input, mode: 'thrifty' });
    const seed = forecast({ ...input, mode: 'seed' });
    expect(thrifty.expectedAttempts).toBeCloseTo(10 / 0.65, 6);
    expect(seed.expectedAttempts).toBeCloseTo(thrifty.expectedAttempts, 9);
    expect(thrifty.expectedWallRounds).toBeLessThan(seed.expectedWallRounds / 4);
    expect(thrifty.attemptsP05).toBeLessThan(thrifty.expectedAttempts);
    expect(thrifty.attemptsP95).toBeGreaterThan(thrifty.expectedAttempts);
  });

  it('uses the cost cap when it is tighter than the attempt cap', () => {
    const capped = forecast({ n: 10, p: 0.65, concurrency: 8, maxAttempts: 200, costCapAttempts: 12, mode: 'fast' });
    expect(capped.pReachN).toBeCloseTo(binomialAtLeast(10, 12, 0.65), 12);
    expect(capped.attemptsP95).toBeLessThanOrEqual(12);
  });

  it('the exact pReachN for thrifty equals the Monte Carlo estimate within 3 standard errors', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.double({ min: 0.2, max: 0.95, noNaN: true }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer(),
        (n, p, extra, seed) => {
          const maxAttempts = n + extra;
          const exact = forecast({ n, p, concurrency: 8, maxAttempts, mode: 'thrifty' });
          const trials = 2000;
          const simulated = simulatedReachRate({ n, p, maxAttempts }, seed, trials);
          const standardError = Math.sqrt((exact.pReachN * (1 - exact.pReachN)) / trials);
          expect(Math.abs(simulated - exact.pReachN)).toBeLessThanOrEqual(3 * standardError + 1e-9);
        },
      ),
      { ...STATISTICAL, numRuns: 40 },
    );
  });

  it('is exact within its work limit for the benchmark jobs', () => {
    const result = forecast({
      n: 20,
      p: 0.35,
      concurrency: 8,
      maxAttempts: defaultCostCapAttempts(20, 0.35),
      mode: 'fast',
    });
    expect(result.method).toBe('exact');
    expect(result.work).toBeLessThanOrEqual(EXACT_WORK_LIMIT);
  });

  it('simulates a fixed number of jobs, reproducibly, when the exact calculation would take too long', () => {
    const input = {
      n: 60,
      p: 0.3,
      concurrency: 16,
      maxAttempts: defaultCostCapAttempts(60, 0.3),
      mode: 'fast' as const,
    };
    const simulated = forecast(input, 0);
    expect(simulated.method).toBe('simulation');
    expect(simulated.work).toBeLessThanOrEqual(SIMULATION_TRIALS * input.maxAttempts);
    expect(forecast(input, 0)).toEqual(simulated);
    const exact = forecast(input);
    expect(simulated.pReachN).toBe(exact.pReachN);
    expect(simulated.expectedAttempts / exact.expectedAttempts).toBeCloseTo(1, 1);
    expect(simulated.expectedWallRounds / exact.expectedWallRounds).toBeCloseTo(1, 1);
  });

  it('the simulated forecast agrees with the exact one on random inputs, in every mode', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.double({ min: 0.2, max: 0.95, noNaN: true }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 1, max: 16 }),
        fc.constantFrom<SimPolicy>('seed', 'thrifty', 'fast'),
        (n, p, extra, concurrency, mode) => {
          const input = { n, p, concurrency, maxAttempts: n + extra, mode };
          const exact = forecast(input);
          const simulated = forecast(input, 0);
          const relative = tolerance(n, p, SIMULATION_TRIALS);
          expect(Math.abs(simulated.expectedAttempts / exact.expectedAttempts - 1)).toBeLessThan(relative);
          expect(Math.abs(simulated.expectedWallRounds / exact.expectedWallRounds - 1)).toBeLessThan(relative);
          expect(Math.abs(simulated.attemptsP95 - exact.attemptsP95)).toBeLessThanOrEqual(
            Math.max(2, 0.1 * exact.attemptsP95),
          );
        },
      ),
      { ...STATISTICAL, numRuns: 25 },
    );
  });
});

describe('defaultCostCapAttempts: the budget replacing the fixed 25', () => {
  it('meets its confidence exactly at the boundary: A does, A - 1 does not', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.double({ min: 0.05, max: 0.99, noNaN: true }),
        fc.double({ min: 0.5, max: 0.999, noNaN: true }),
        (n, p, confidence) => {
          const budget = defaultCostCapAttempts(n, p, confidence);
          expect(binomialAtLeast(n, budget, p)).toBeGreaterThanOrEqual(confidence - 1e-9);
          expect(binomialAtLeast(n, budget - 1, p)).toBeLessThan(confidence + 1e-9);
        },
      ),
    );
  });

  it.each([
    [5, 0.85, 9],
    [20, 0.85, 29],
    [10, 0.65, 24],
    [20, 0.35, 84],
  ])('N = %d at p = %d needs %d attempts for 99%%', (n, p, budget) => {
    expect(defaultCostCapAttempts(n, p)).toBe(budget);
  });

  it('handles the edges', () => {
    expect(defaultCostCapAttempts(5, 1)).toBe(5);
    expect(defaultCostCapAttempts(0, 0.5)).toBe(0);
    expect(defaultCostCapAttempts(5, 0)).toBe(Infinity);
  });
});

describe('forecast over an estimate: odds from the whole uncertainty of the rate', () => {
  const fresh = priorEstimate(0.85, FRESH_PROVIDER_PSEUDO_COUNT);

  it('states P(reach N) from the beta-binomial predictive and the ceiling it stands on', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 0, max: 60 }),
        fc.double({ min: 0.3, max: 40, noNaN: true }),
        fc.double({ min: 0.1, max: 40, noNaN: true }),
        fc.option(fc.integer({ min: 1, max: 80 }), { nil: undefined }),
        (n, extra, alpha, beta, costCapAttempts) => {
          const maxAttempts = n + extra;
          const result = forecast({
            n,
            estimate: { alpha, beta },
            concurrency: 4,
            maxAttempts,
            costCapAttempts,
            mode: 'fast',
          });
          const ceiling = Math.min(maxAttempts, costCapAttempts ?? Infinity);
          expect(result.ceilingAttempts).toBe(ceiling);
          expect(result.pReachN).toBeCloseTo(betaBinomialAtLeast(n, ceiling, alpha, beta), 12);
          expect(result.attemptsP95).toBeLessThanOrEqual(ceiling);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("a first job's expected attempts are over every rate the prior allows, more than at its mean", () => {
    const maxAttempts = derivedAttemptBudget(10, fresh);
    const predictive = forecast({ n: 10, estimate: fresh, concurrency: 4, maxAttempts, mode: 'fast' });
    const atMean = forecast({ n: 10, p: 0.85, concurrency: 4, maxAttempts, mode: 'fast' });
    expect(predictive.pReachN).toBeGreaterThan(0.97);
    expect(predictive.expectedAttempts).toBeGreaterThan(atMean.expectedAttempts + 1);
    expect(predictive.attemptsP95).toBeGreaterThan(atMean.attemptsP95 + 5);
  });

  it('agrees with its own simulation (a rate drawn from the estimate per job)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.double({ min: 2, max: 60, noNaN: true }),
        fc.double({ min: 0.6, max: 0.95, noNaN: true }),
        fc.integer({ min: 1, max: 8 }),
        fc.constantFrom<SimPolicy>('thrifty', 'fast'),
        (n, weight, mean, concurrency, mode) => {
          const estimate = priorEstimate(mean, weight);
          const input = { n, estimate, concurrency, maxAttempts: derivedAttemptBudget(n, estimate), mode };
          const exact = forecast(input);
          const simulated = forecast(input, 0);
          expect(simulated.method).toBe('simulation');
          expect(Math.abs(simulated.expectedAttempts / exact.expectedAttempts - 1)).toBeLessThan(0.08);
          expect(Math.abs(simulated.expectedWallRounds / exact.expectedWallRounds - 1)).toBeLessThan(0.08);
        },
      ),
      { ...STATISTICAL, numRuns: 15 },
    );
  });

  it('at a rate learned over many attempts, gives the odds of that rate known exactly', () => {
    const learned = forecast({
      n: 10,
      estimate: priorEstimate(0.65, 1e6),
      concurrency: 4,
      maxAttempts: 20,
      mode: 'fast',
    });
    const known = forecast({ n: 10, p: 0.65, concurrency: 4, maxAttempts: 20, mode: 'fast' });
    expect(learned.pReachN).toBeCloseTo(known.pReachN, 4);
    expect(learned.expectedAttempts).toBeCloseTo(known.expectedAttempts, 2);
  });
});
