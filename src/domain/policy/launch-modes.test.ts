import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideInFlightTarget, type InFlightState } from './launch-modes.js';

const states = fc
  .record({
    missing: fc.integer({ min: 0, max: 40 }),
    inFlight: fc.integer({ min: 0, max: 16 }),
    attemptsLeft: fc.integer({ min: 0, max: 100 }),
    affordableAttempts: fc.oneof(fc.integer({ min: 0, max: 100 }), fc.constant(Infinity)),
    concurrency: fc.integer({ min: 1, max: 16 }),
    rateLimitLaunches: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
    p: fc.double({ min: 0, max: 1, noNaN: true }),
    mode: fc.constantFrom('thrifty' as const, 'fast' as const),
  })
  .map((s) => ({ ...s, inFlight: Math.min(s.inFlight, s.concurrency, Math.max(0, s.missing)) }));

const base: InFlightState = {
  missing: 5,
  inFlight: 0,
  attemptsLeft: 100,
  affordableAttempts: Infinity,
  concurrency: 8,
  p: 0.85,
  mode: 'thrifty',
};

describe('decideInFlightTarget: invariants', () => {
  it('never asks for more in flight than the concurrency limit', () => {
    fc.assert(
      fc.property(states, (state) => {
        expect(decideInFlightTarget(state)).toBeLessThanOrEqual(state.concurrency);
      }),
    );
  });

  it('never launches more than the attempt cap, the cost cap or the rate limit allow', () => {
    fc.assert(
      fc.property(states, (state) => {
        const launches = Math.max(0, decideInFlightTarget(state) - state.inFlight);
        expect(launches).toBeLessThanOrEqual(state.attemptsLeft);
        expect(launches).toBeLessThanOrEqual(state.affordableAttempts);
        expect(launches).toBeLessThanOrEqual(state.rateLimitLaunches ?? Infinity);
      }),
    );
  });

  it('thrifty never has more in flight than images missing, so no success is wasted', () => {
    fc.assert(
      fc.property(states, (state) => {
        expect(decideInFlightTarget({ ...state, mode: 'thrifty' })).toBeLessThanOrEqual(Math.max(0, state.missing));
      }),
    );
  });

  it('fast keeps at least as many in flight as thrifty', () => {
    fc.assert(
      fc.property(states, (state) => {
        const thrifty = decideInFlightTarget({ ...state, mode: 'thrifty' });
        expect(decideInFlightTarget({ ...state, mode: 'fast' })).toBeGreaterThanOrEqual(thrifty);
      }),
    );
  });
});

describe('decideInFlightTarget: examples (C = 8)', () => {
  it.each([
    ['thrifty fills up to the images missing', { mode: 'thrifty' }, 5],
    ['thrifty is capped by concurrency', { mode: 'thrifty', missing: 20 }, 8],
    ['fast over-launches by one at p = 0.85', { mode: 'fast' }, 6],
    ['fast fills every slot at p = 0.65', { mode: 'fast', p: 0.65 }, 8],
    ['fast adds spares for the last image at p = 0.35', { mode: 'fast', p: 0.35, missing: 1 }, 3],
    ['fast stays thrifty when every attempt succeeds', { mode: 'fast', p: 1 }, 5],
    ['fast is held by the attempts left', { mode: 'fast', p: 0.65, attemptsLeft: 6 }, 6],
    ['fast is held by the cost cap', { mode: 'fast', p: 0.65, affordableAttempts: 5 }, 5],
    ['fast is held by the rate limit', { mode: 'fast', p: 0.65, rateLimitLaunches: 2, inFlight: 3 }, 5],
    ['nothing when nothing is missing', { mode: 'fast', missing: 0 }, 0],
  ] as const)('%s', (_label, overrides, target) => {
    expect(decideInFlightTarget({ ...base, ...overrides })).toBe(target);
  });
});

describe('decideInFlightTarget: fast mid-round', () => {
  const fast: InFlightState = { ...base, mode: 'fast', p: 0.65, missing: 5 };

  it('fills the concurrency for the last images at a round start', () => {
    expect(decideInFlightTarget(fast)).toBe(8);
  });

  it('does not replace an early failure while the attempts still in flight can bring the images missing', () => {
    expect(decideInFlightTarget({ ...fast, inFlight: 7 })).toBe(7);
  });

  it('plans the next round for what is expected to be missing once the attempts in flight end', () => {
    // 2 in flight bring about 1.3 images: about 4 will still be missing, worth more than 2 attempts now.
    const target = decideInFlightTarget({ ...fast, inFlight: 2 });
    expect(target).toBeGreaterThan(5);
    expect(target).toBeLessThanOrEqual(8);
  });
});
