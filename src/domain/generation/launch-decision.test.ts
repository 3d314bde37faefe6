import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { priorEstimate } from '../policy/beta-estimate.js';
import { decideLaunch, type LaunchState } from './launch-decision.js';

const fresh: LaunchState = {
  requestedImages: 5,
  completedImages: 0,
  inFlight: 0,
  attemptsStarted: 0,
  maxAttempts: 13,
  concurrency: 4,
  spendMicroUsd: 0,
  priceMicroUsd: 40_000,
  costCapMicroUsd: null,
  isCancelRequested: false,
  fatalReason: null,
  mode: 'thrifty',
  estimate: priorEstimate(0.85),
  earlyStopBelow: 0,
};

function state(overrides: Partial<LaunchState>): LaunchState {
  return { ...fresh, ...overrides };
}

function finishReason(overrides: Partial<LaunchState>): string {
  const decision = decideLaunch(state(overrides));
  if (decision.kind !== 'finish') throw new Error(`expected finish, got ${decision.kind}`);
  return decision.reason;
}

describe('decideLaunch: launching', () => {
  it.each([
    ['concurrency is the limit', {}, 4],
    ['missing images are the limit', { requestedImages: 2 }, 2],
    ['max attempts are the limit', { maxAttempts: 1 }, 1],
    ['room left beside attempts in flight', { inFlight: 1, attemptsStarted: 1 }, 3],
    ['attempts left before the cap', { attemptsStarted: 11, completedImages: 1 }, 2],
  ])('a job launches min(concurrency, missing, attempts left): %s', (_label, overrides, count) => {
    expect(decideLaunch(state(overrides))).toEqual({ kind: 'launch', count });
  });

  it('never launches more than missing - inFlight, so no success is wasted', () => {
    expect(
      decideLaunch(state({ requestedImages: 5, completedImages: 2, inFlight: 2, attemptsStarted: 4, concurrency: 10 })),
    ).toEqual({
      kind: 'launch',
      count: 1,
    });
    expect(
      decideLaunch(state({ requestedImages: 5, completedImages: 2, inFlight: 3, attemptsStarted: 5, concurrency: 10 })),
    ).toEqual({
      kind: 'wait',
    });
  });

  it('waits when attempts are in flight and there is no room', () => {
    expect(decideLaunch(state({ inFlight: 4, attemptsStarted: 4 }))).toEqual({ kind: 'wait' });
    expect(decideLaunch(state({ inFlight: 1, attemptsStarted: 13, completedImages: 2 }))).toEqual({ kind: 'wait' });
  });
});

describe('decideLaunch: finishing', () => {
  it('finishes completed when every image is there and nothing is in flight', () => {
    expect(decideLaunch(state({ completedImages: 5, attemptsStarted: 7 }))).toEqual({
      kind: 'finish',
      status: 'completed',
      reason: 'Generated all 5 images in 7 attempts.',
    });
  });

  it('waits for attempts still in flight even when every image is there', () => {
    expect(decideLaunch(state({ completedImages: 5, inFlight: 1, attemptsStarted: 8 }))).toEqual({ kind: 'wait' });
  });

  it('finishes completed with a partial result when the attempts are used up', () => {
    const decision = decideLaunch(state({ completedImages: 3, attemptsStarted: 13 }));
    expect(decision).toMatchObject({ kind: 'finish', status: 'completed' });
    const reason = finishReason({ completedImages: 3, attemptsStarted: 13 });
    expect(reason).toContain('Partial');
    expect(reason).toContain('3/5');
    expect(reason).toContain('all 13 attempts were used');
  });

  it('says no image was generated when every attempt failed', () => {
    const reason = finishReason({ completedImages: 0, attemptsStarted: 13 });
    expect(reason).toContain('No image was generated');
    expect(reason).not.toContain('Partial');
  });
});

describe('decideLaunch: the reason when a cost cap ends a job with no image', () => {
  it('does not claim attempts failed when none started, and advises raising the cap', () => {
    const decision = decideLaunch({ ...fresh, costCapMicroUsd: 10_000 });
    expect(decision).toMatchObject({ kind: 'finish', status: 'completed' });
    const reason = decision.kind === 'finish' ? decision.reason : '';
    expect(reason).toContain('no attempt could start');
    expect(reason).toContain('raise --cost-cap');
    expect(reason).not.toContain('--max-attempts');
  });
});

describe('decideLaunch: cost cap', () => {
  const capped = { priceMicroUsd: 40_000, costCapMicroUsd: 100_000 };

  it('launches only what the cap can pay for if everything succeeds', () => {
    expect(decideLaunch(state({ ...capped, spendMicroUsd: 0 }))).toEqual({ kind: 'launch', count: 2 });
  });

  it('reserves attempts in flight against the cap, and waits', () => {
    expect(decideLaunch(state({ ...capped, inFlight: 2, attemptsStarted: 2 }))).toEqual({ kind: 'wait' });
  });

  it('finishes and names the cost cap once nothing more is affordable', () => {
    const overrides = { ...capped, spendMicroUsd: 80_000, attemptsStarted: 2, completedImages: 1 };
    expect(decideLaunch(state(overrides))).toMatchObject({ kind: 'finish', status: 'completed' });
    const reason = finishReason(overrides);
    expect(reason).toContain('cost cap of $0.10 was reached');
    expect(reason).toContain('spent $0.08');
  });

  it('ignores the cap when the price is 0 (the simulator)', () => {
    expect(decideLaunch(state({ priceMicroUsd: 0, costCapMicroUsd: 0 }))).toEqual({ kind: 'launch', count: 4 });
  });
});

describe('decideLaunch: cancel and fatal failures', () => {
  it('waits for attempts in flight after a cancel, then finishes canceled', () => {
    expect(decideLaunch(state({ isCancelRequested: true, inFlight: 2, attemptsStarted: 3 }))).toEqual({ kind: 'wait' });
    const decision = decideLaunch(state({ isCancelRequested: true, completedImages: 1, attemptsStarted: 3 }));
    expect(decision).toEqual({
      kind: 'finish',
      status: 'canceled',
      reason: 'Canceled by request after 3 attempts (1/5 images kept).',
    });
  });

  it('finishes failed with the fatal reason once nothing is in flight', () => {
    const fatalReason = 'Replicate refused the token: check REPLICATE_API_TOKEN';
    expect(decideLaunch(state({ fatalReason, inFlight: 1, attemptsStarted: 1 }))).toEqual({ kind: 'wait' });
    const decision = decideLaunch(state({ fatalReason, attemptsStarted: 1 }));
    expect(decision).toMatchObject({ kind: 'finish', status: 'failed' });
    expect(finishReason({ fatalReason, attemptsStarted: 1 })).toContain(fatalReason);
  });
});

describe('decideLaunch: modes and early stop', () => {
  const lastImages = { requestedImages: 10, completedImages: 8, attemptsStarted: 10, maxAttempts: 30, concurrency: 8 };

  it('thrifty keeps no more in flight than images missing; fast keeps spares when waiting costs more', () => {
    expect(decideLaunch(state({ ...lastImages, mode: 'thrifty' }))).toEqual({ kind: 'launch', count: 2 });
    const fast = decideLaunch(state({ ...lastImages, mode: 'fast', estimate: priorEstimate(0.65, 40) }));
    expect(fast.kind).toBe('launch');
    if (fast.kind === 'launch') expect(fast.count).toBeGreaterThan(2);
  });

  it('stops early once the target is out of reach, after the attempts in flight end, and says why', () => {
    const hopeless = { ...lastImages, completedImages: 0, maxAttempts: 14, estimate: { alpha: 0.5, beta: 12 } };
    expect(decideLaunch(state({ ...hopeless, earlyStopBelow: 0.01, inFlight: 2 }))).toEqual({ kind: 'wait' });
    const reason = finishReason({ ...hopeless, earlyStopBelow: 0.01 });
    expect(reason).toMatch(/^Stopped early: 10 images are still missing but at most 4 attempts remain/);
    expect(reason).toMatch(/Kept 0\/10 images after 10 attempts\.$/);
  });

  it('counts runs that succeeded and are being stored as images, so early failures are not over-replaced', () => {
    const round = { requestedImages: 5, attemptsStarted: 5, maxAttempts: 20, concurrency: 8, mode: 'thrifty' as const };
    expect(decideLaunch(state({ ...round, inFlight: 5, storing: 3 }))).toEqual({ kind: 'wait' });
    expect(decideLaunch(state({ ...round, inFlight: 3, storing: 3 }))).toEqual({ kind: 'launch', count: 2 });
    expect(decideLaunch(state({ ...round, inFlight: 5, storing: 5 }))).toEqual({ kind: 'wait' });
  });

  it('never stops early with a threshold of 0', () => {
    const hopeless = { ...lastImages, completedImages: 0, maxAttempts: 14, estimate: { alpha: 0.5, beta: 12 } };
    expect(decideLaunch(state({ ...hopeless, earlyStopBelow: 0 }))).toEqual({ kind: 'launch', count: 4 });
  });
});

describe('decideLaunch invariants (property)', () => {
  const arbitraryState: fc.Arbitrary<LaunchState> = fc
    .record({
      requestedImages: fc.integer({ min: 1, max: 50 }),
      completedImages: fc.integer({ min: 0, max: 60 }),
      inFlight: fc.integer({ min: 0, max: 20 }),
      attemptsStarted: fc.integer({ min: 0, max: 60 }),
      maxAttempts: fc.integer({ min: 1, max: 50 }),
      concurrency: fc.integer({ min: 1, max: 16 }),
      spendMicroUsd: fc.integer({ min: 0, max: 2_000_000 }),
      priceMicroUsd: fc.integer({ min: 0, max: 200_000 }),
      costCapMicroUsd: fc.option(fc.integer({ min: 0, max: 2_000_000 }), { nil: null }),
      isCancelRequested: fc.boolean(),
      fatalReason: fc.option(fc.constant('Fatal: fix the token.'), { nil: null }),
      mode: fc.constantFrom('thrifty' as const, 'fast' as const),
      estimate: fc.record({
        alpha: fc.double({ min: 0.01, max: 50, noNaN: true }),
        beta: fc.double({ min: 0.01, max: 50, noNaN: true }),
      }),
      earlyStopBelow: fc.constantFrom(0, 0.01),
    })
    .chain((s) =>
      fc.integer({ min: 0, max: s.inFlight }).map((storing) => ({
        ...s,
        storing,
        attemptsStarted: Math.max(s.attemptsStarted, s.inFlight),
      })),
    );

  it('never launches past concurrency, missing images, max attempts or the cost cap', () => {
    fc.assert(
      fc.property(arbitraryState, (s) => {
        const decision = decideLaunch(s);
        if (decision.kind !== 'launch') return;
        expect(decision.count).toBeGreaterThan(0);
        // Runs at the provider; runs being stored hold no place there.
        expect(s.inFlight - (s.storing ?? 0) + decision.count).toBeLessThanOrEqual(s.concurrency);
        if (s.mode === 'thrifty') {
          expect(s.inFlight + decision.count).toBeLessThanOrEqual(s.requestedImages - s.completedImages);
        }
        expect(s.attemptsStarted + decision.count).toBeLessThanOrEqual(s.maxAttempts);
        if (s.costCapMicroUsd !== null && s.spendMicroUsd <= s.costCapMicroUsd) {
          expect(s.spendMicroUsd + (s.inFlight + decision.count) * s.priceMicroUsd).toBeLessThanOrEqual(
            s.costCapMicroUsd,
          );
        }
        expect(s.isCancelRequested).toBe(false);
        expect(s.fatalReason).toBeNull();
      }),
    );
  });

  it('finishes only when nothing is in flight, and waits only when something is', () => {
    fc.assert(
      fc.property(arbitraryState, (s) => {
        const decision = decideLaunch(s);
        if (decision.kind === 'finish') expect(s.inFlight).toBe(0);
        if (decision.kind === 'wait') expect(s.inFlight).toBeGreaterThan(0);
      }),
    );
  });

  it('ends failed exactly when a fatal failure happened, canceled only on request', () => {
    fc.assert(
      fc.property(arbitraryState, (s) => {
        const decision = decideLaunch(s);
        if (decision.kind !== 'finish') return;
        expect(decision.status === 'failed').toBe(s.fatalReason !== null);
        if (decision.status === 'canceled') expect(s.isCancelRequested).toBe(true);
        expect(decision.reason.length).toBeGreaterThan(0);
      }),
    );
  });
});
