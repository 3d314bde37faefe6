import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cheapestInFlight, planFastLaunch, roundCost } from './fast-launch-plan.js';

const plans = fc.record({
  p: fc.double({ min: 0.05, max: 0.99, noNaN: true }),
  concurrency: fc.integer({ min: 1, max: 16 }),
  maxMissing: fc.integer({ min: 1, max: 40 }),
  roundCostAttempts: fc.double({ min: 0, max: 20, noNaN: true }),
});

describe('planFastLaunch', () => {
  it('costs more the more images are missing', () => {
    fc.assert(
      fc.property(plans, ({ p, concurrency, maxMissing, roundCostAttempts }) => {
        const plan = planFastLaunch(p, concurrency, maxMissing, roundCostAttempts);
        expect(plan.values[0]).toBe(0);
        for (let m = 1; m <= maxMissing; m += 1)
          expect(plan.values[m]!).toBeGreaterThanOrEqual(plan.values[m - 1]! - 1e-9);
      }),
    );
  });

  it('values a one-image job exactly: with k = 1, rounds are geometric and nothing is wasted', () => {
    const plan = planFastLaunch(0.5, 1, 1, 2);
    expect(plan.values[1]).toBeCloseTo(2 / 0.5, 12);
    expect(roundCost(plan, 1, 1)).toBeCloseTo(4, 12);
  });
});

describe('cheapestInFlight', () => {
  it('stays within [low, high]', () => {
    fc.assert(
      fc.property(plans, fc.integer({ min: 1, max: 40 }), ({ p, concurrency, maxMissing, roundCostAttempts }, m) => {
        const missing = Math.min(m, maxMissing);
        const plan = planFastLaunch(p, concurrency, maxMissing, roundCostAttempts);
        const low = Math.min(missing, concurrency);
        const k = cheapestInFlight(plan, missing, low, concurrency);
        expect(k).toBeGreaterThanOrEqual(low);
        expect(k).toBeLessThanOrEqual(concurrency);
      }),
    );
  });

  it('is thrifty when waiting is free and fills every slot when waiting is very expensive', () => {
    expect(cheapestInFlight(planFastLaunch(0.65, 8, 5, 0), 5, 5, 8)).toBe(5);
    expect(cheapestInFlight(planFastLaunch(0.65, 8, 5, 1000), 5, 5, 8)).toBe(8);
  });

  it('over-launches by one at p = 0.85 and N = 5 with 2 attempts per round (C = 8)', () => {
    expect(cheapestInFlight(planFastLaunch(0.85, 8, 5, 2), 5, 5, 8)).toBe(6);
  });

  it('refuses a plan too small for the question', () => {
    expect(() => cheapestInFlight(planFastLaunch(0.5, 4, 2, 1), 3, 3, 4)).toThrow(RangeError);
  });
});
