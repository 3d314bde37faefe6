import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { priorEstimate, updated, type BetaEstimate } from './beta-estimate.js';
import { earlyStopVerdict, shouldStopEarly, type EarlyStopState } from './early-stop.js';

const healthy: EarlyStopState = {
  missing: 5,
  inFlight: 0,
  attemptsLeft: 9,
  affordableAttempts: Infinity,
  estimate: priorEstimate(0.85),
};

function afterFailures(count: number): BetaEstimate {
  let estimate = priorEstimate(0.85);
  for (let i = 0; i < count; i += 1) estimate = updated(estimate, 'content_filter', 'provider');
  return estimate;
}

describe('shouldStopEarly', () => {
  it('keeps going while the target is within reach', () => {
    expect(shouldStopEarly(healthy)).toBe(false);
  });

  it('stops when the attempts left cannot bring the images missing', () => {
    expect(shouldStopEarly({ ...healthy, attemptsLeft: 4 })).toBe(true);
  });

  it('stops a job whose attempts all fail, long before the cap, and says why', () => {
    const state = {
      missing: 10,
      inFlight: 0,
      attemptsLeft: 14,
      affordableAttempts: Infinity,
      estimate: afterFailures(10),
    };
    const verdict = earlyStopVerdict(state);
    expect(verdict.isStop).toBe(true);
    expect(verdict.reason).toMatch(/10 images are still missing but at most 14 attempts remain/);
    expect(verdict.reason).toMatch(/Raise --cost-cap or --max-attempts/);
  });

  it('does not stop after one unlucky attempt: the estimate is uncertain', () => {
    expect(shouldStopEarly({ ...healthy, missing: 5, attemptsLeft: 8, estimate: afterFailures(1) })).toBe(false);
  });

  it('counts attempts in flight and respects the cost cap', () => {
    expect(shouldStopEarly({ ...healthy, attemptsLeft: 2, inFlight: 5 })).toBe(false);
    expect(shouldStopEarly({ ...healthy, attemptsLeft: 100, affordableAttempts: 3 })).toBe(true);
  });

  it('never stops a job with nothing missing, and is monotone in the attempts left', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 30 }),
        (missing, left, failures) => {
          const state = { ...healthy, missing, attemptsLeft: left, estimate: afterFailures(failures) };
          expect(shouldStopEarly({ ...state, missing: 0 })).toBe(false);
          if (!shouldStopEarly(state)) expect(shouldStopEarly({ ...state, attemptsLeft: left + 1 })).toBe(false);
        },
      ),
    );
  });
});
