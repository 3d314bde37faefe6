import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { priorEstimate } from './beta-estimate.js';
import { createPrng } from './prng.js';
import { simulateJob, type JobScenario } from './simulate-job.js';

const scenarios = fc.record({
  n: fc.integer({ min: 1, max: 25 }),
  p: fc.double({ min: 0.05, max: 1, noNaN: true }),
  concurrency: fc.integer({ min: 1, max: 12 }),
  maxAttempts: fc.integer({ min: 0, max: 80 }),
  costCapAttempts: fc.option(fc.integer({ min: 0, max: 80 }), { nil: undefined }),
  policy: fc.constantFrom('seed' as const, 'thrifty' as const, 'fast' as const),
  isLearning: fc.boolean(),
  earlyStopThreshold: fc.option(fc.constantFrom(0.01, 0.1), { nil: undefined }),
  isSticky: fc.boolean(),
});

type ScenarioDraw = typeof scenarios extends fc.Arbitrary<infer T> ? T : never;

function scenarioOf(s: ScenarioDraw): JobScenario {
  return {
    ...s,
    prior: s.isLearning ? priorEstimate(0.85) : undefined,
    sticky: s.isSticky ? { types: 3, promptsPerType: 15, stickyPerType: 3 } : undefined,
  };
}

describe('simulateJob: invariants', () => {
  it('never has more in flight than C, never more attempts than the caps, keeps at most N images', () => {
    fc.assert(
      fc.property(scenarios, fc.integer(), (s, seed) => {
        const job = simulateJob(scenarioOf(s), createPrng(seed));
        expect(job.maxInFlight).toBeLessThanOrEqual(s.policy === 'seed' ? 1 : s.concurrency);
        expect(job.attempts).toBeLessThanOrEqual(Math.min(s.maxAttempts, s.costCapAttempts ?? Infinity));
        expect(job.images).toBeLessThanOrEqual(s.n);
        expect(job.isReachedN).toBe(job.images === s.n);
      }),
    );
  });

  it('thrifty never wastes a success: never more successes than N', () => {
    fc.assert(
      fc.property(scenarios, fc.integer(), (s, seed) => {
        const job = simulateJob(scenarioOf({ ...s, policy: 'thrifty' }), createPrng(seed));
        expect(job.successes).toBeLessThanOrEqual(s.n);
      }),
    );
  });

  it('one attempt at a time takes one round per attempt', () => {
    fc.assert(
      fc.property(scenarios, fc.integer(), (s, seed) => {
        const job = simulateJob(scenarioOf({ ...s, policy: 'seed' }), createPrng(seed));
        expect(job.wallRounds).toBe(job.attempts);
      }),
    );
  });

  it('is reproducible from the seed', () => {
    const scenario: JobScenario = { n: 10, p: 0.65, concurrency: 8, maxAttempts: 30, policy: 'fast' };
    expect(simulateJob(scenario, createPrng(4))).toEqual(simulateJob(scenario, createPrng(4)));
  });
});

describe('simulateJob: outcomes', () => {
  it('says why it ended', () => {
    const base: JobScenario = { n: 5, p: 0, concurrency: 8, maxAttempts: 20, policy: 'thrifty' };
    expect(simulateJob(base, createPrng(1)).endReason).toBe('cap');
    expect(simulateJob({ ...base, p: 1 }, createPrng(1))).toMatchObject({
      endReason: 'reached',
      attempts: 5,
      wallRounds: 1,
    });
    const hopeless = simulateJob({ ...base, prior: priorEstimate(0.85), earlyStopThreshold: 0.01 }, createPrng(1));
    expect(hopeless.endReason).toBe('early_stop');
    expect(hopeless.attempts).toBeLessThan(20);
  });

  it('a sticky filter costs attempts until its prompts are retired', () => {
    const random = createPrng(8);
    const base: JobScenario = { n: 20, p: 1, concurrency: 8, maxAttempts: 100, policy: 'thrifty' };
    const sticky = simulateJob({ ...base, sticky: { types: 3, promptsPerType: 15, stickyPerType: 3 } }, random);
    expect(sticky.isReachedN).toBe(true);
    expect(sticky.attempts).toBeGreaterThan(20);
    expect(sticky.attempts).toBeLessThanOrEqual(20 + 2 * 9);
  });
});
