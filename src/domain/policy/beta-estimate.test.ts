import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mean, priorEstimate, sample, updated, type AttemptOutcome, type BetaEstimate } from './beta-estimate.js';
import { createPrng } from './prng.js';

const estimates = fc.record({
  alpha: fc.double({ min: 0.05, max: 500, noNaN: true }),
  beta: fc.double({ min: 0.05, max: 500, noNaN: true }),
});
const scopes = fc.constantFrom('prompt' as const, 'provider' as const);

describe('priorEstimate', () => {
  it('is centred on the given rate with the given weight', () => {
    const prior = priorEstimate(0.65, 10);
    expect(prior.alpha).toBeCloseTo(6.5);
    expect(prior.beta).toBeCloseTo(3.5);
    expect(mean(priorEstimate())).toBeCloseTo(0.85);
  });

  it('keeps both parameters positive at the edges', () => {
    expect(priorEstimate(1).beta).toBeGreaterThan(0);
    expect(priorEstimate(0).alpha).toBeGreaterThan(0);
  });
});

describe('updated: the estimate moves the right way after each outcome', () => {
  it('moves up after a success and down after a content filter, in both scopes', () => {
    fc.assert(
      fc.property(estimates, scopes, (estimate, scope) => {
        expect(mean(updated(estimate, 'success', scope))).toBeGreaterThan(mean(estimate));
        expect(mean(updated(estimate, 'content_filter', scope))).toBeLessThan(mean(estimate));
      }),
    );
  });

  it("leaves a prompt's estimate unchanged after a transient or fatal failure", () => {
    fc.assert(
      fc.property(estimates, fc.constantFrom<AttemptOutcome>('transient', 'fatal'), (estimate, outcome) => {
        expect(updated(estimate, outcome, 'prompt')).toEqual(estimate);
      }),
    );
  });

  it('counts a transient failure against the provider (it costs an attempt) but not a fatal one', () => {
    fc.assert(
      fc.property(estimates, (estimate) => {
        expect(mean(updated(estimate, 'transient', 'provider'))).toBeLessThan(mean(estimate));
        expect(updated(estimate, 'fatal', 'provider')).toEqual(estimate);
      }),
    );
  });

  it('converges to the observed rate after many outcomes', () => {
    let estimate: BetaEstimate = priorEstimate();
    for (let i = 0; i < 1000; i += 1) estimate = updated(estimate, i % 10 < 4 ? 'success' : 'content_filter', 'prompt');
    expect(mean(estimate)).toBeCloseTo(0.4, 2);
  });
});

describe('sample', () => {
  it('stays in [0, 1] for any estimate and source', () => {
    fc.assert(
      fc.property(estimates, fc.integer(), (estimate, seed) => {
        const draw = sample(estimate, createPrng(seed));
        expect(draw).toBeGreaterThanOrEqual(0);
        expect(draw).toBeLessThanOrEqual(1);
      }),
    );
  });

  it.each([
    [{ alpha: 3.4, beta: 0.6 }],
    [{ alpha: 0.5, beta: 0.5 }],
    [{ alpha: 20, beta: 30 }],
    [{ alpha: 0.3, beta: 4 }],
  ])('has the Beta mean and variance over 40,000 draws: %o', (estimate) => {
    const random = createPrng(11);
    const draws = Array.from({ length: 40_000 }, () => sample(estimate, random));
    const m = draws.reduce((s, x) => s + x, 0) / draws.length;
    const v = draws.reduce((s, x) => s + (x - m) ** 2, 0) / draws.length;
    const total = estimate.alpha + estimate.beta;
    const expectedVariance = (estimate.alpha * estimate.beta) / (total * total * (total + 1));
    expect(Math.abs(m - mean(estimate))).toBeLessThan(5 * Math.sqrt(expectedVariance / draws.length));
    expect(v / expectedVariance).toBeGreaterThan(0.95);
    expect(v / expectedVariance).toBeLessThan(1.05);
  });
});
