import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../fakes/fake-clock.js';
import { startFakeReplicate, type FakeReplicate } from '../fakes/fake-replicate/fake-replicate-server.js';
import { PA_INTERRUPTED } from '../fakes/fake-replicate/fake-script.js';
import type { ScriptedOutcome } from '../fakes/fake-replicate/prediction-timeline.js';
import { isIoBusy } from '../support/io-busy.js';
import { ACTOR_ID, generate, openTestTroupe, removeTestTroupe, type TestTroupe } from '../support/test-troupe.js';
import { budgetCeiling, derivedAttemptBudget } from '../../src/domain/policy/attempt-budget.js';
import { priorEstimate } from '../../src/domain/policy/beta-estimate.js';

let fake: FakeReplicate | undefined;
let t: TestTroupe | undefined;

afterEach(async () => {
  if (t) await removeTestTroupe(t);
  await fake?.close();
  t = undefined;
  fake = undefined;
});

/** A fresh data directory on the fake Replicate, whose n-th prediction ends as `outcomeOf(n)` says. */
async function freshInstall(outcomeOf: (n: number) => ScriptedOutcome): Promise<TestTroupe> {
  const clock = new FakeClock(undefined, isIoBusy);
  fake = await startFakeReplicate({
    now: () => clock.now(),
    script: { queueMs: 200, runMs: 800, outcomeFor: (_, n) => outcomeOf(n) },
  });
  t = await openTestTroupe({
    clock,
    env: {
      TROUPE_PROVIDER: 'replicate',
      REPLICATE_API_TOKEN: 'test-token',
      REPLICATE_API_BASE_URL: fake.baseUrl,
      REPLICATE_POLL_INTERVAL_MS: '250',
    },
  });
  const base = path.join(t.workDir, 'base.png');
  await sharp({
    create: {
      width: 512,
      height: 512,
      channels: 3,
      background: '#8a7f70',
      noise: { type: 'gaussian', mean: 128, sigma: 50 },
    },
  })
    .png()
    .toFile(base);
  await t.troupe.addActorFromFile({ id: ACTOR_ID, baseImagePath: base, descriptor: 'woman' });
  return t;
}

/** Two predictions in ten succeed (the 1st, 6th, 11th, ...): a true rate of 0.2 against a prior centred on 0.85. */
const oneInFive = (n: number): ScriptedOutcome => (n % 5 === 1 ? 'succeeded' : { failed: PA_INTERRUPTED });

describe('a first job on a fresh install (fake Replicate, fake clock)', () => {
  it('meeting a rate far below the planned one, goes on up to the ceiling it stated and reaches N', async () => {
    const tt = await freshInstall(oneInFive);
    const job = await generate(tt, { provider: 'replicate', count: 5 });
    // The stated ceiling: the default budget over the whole prior (6N + 10 for a fresh install), in attempts and dollars.
    expect(job.maxAttempts).toBe(budgetCeiling(5));
    expect(job.forecast?.ceilingAttempts).toBe(job.maxAttempts);
    expect(job.forecast?.ceilingCostMicroUsd).toBe(job.maxAttempts * job.priceMicroUsd);
    expect(job.status).toBe('completed');
    expect(job.completedImages).toBe(5);
    // The fifth success is the 21st prediction: well past what planning at the prior's mean (or a prior worth 4
    // attempts) would have allowed, and past what the job expected, but inside its stated ceiling.
    expect(job.currentAttempt).toBeGreaterThanOrEqual(21);
    expect(job.currentAttempt).toBeGreaterThan(derivedAttemptBudget(5, priorEstimate(0.85, 4)));
    expect(job.currentAttempt).toBeGreaterThan(derivedAttemptBudget(5, priorEstimate(0.85, 1e5)));
    expect(job.currentAttempt).toBeGreaterThan(job.forecast!.expectedAttempts);
    expect(job.currentAttempt).toBeLessThanOrEqual(job.maxAttempts);
    expect(job.spendMicroUsd).toBeLessThanOrEqual(job.forecast!.ceilingCostMicroUsd!);
    expect(fake!.createdCount()).toBe(job.currentAttempt);
  });

  it('never goes past --max-attempts, whatever the rate it meets', async () => {
    const tt = await freshInstall(oneInFive);
    const job = await generate(tt, { provider: 'replicate', count: 5, maxAttempts: 12 });
    expect(job.forecast?.ceilingAttempts).toBe(12);
    expect(job.currentAttempt).toBe(12);
    expect(fake!.createdCount()).toBe(12);
    expect(job.completedImages).toBeLessThan(5);
  });

  it('never goes past --cost-cap: the ceiling is what the cap pays for', async () => {
    const tt = await freshInstall(oneInFive);
    const job = await generate(tt, { provider: 'replicate', count: 5, costCapUsd: 0.4 });
    expect(job.forecast?.ceilingAttempts).toBe(10);
    expect(job.forecast?.ceilingCostMicroUsd).toBe(400_000);
    expect(job.spendMicroUsd).toBeLessThanOrEqual(400_000);
  });

  it('early stop still ends a hopeless one long before the ceiling, saying why', async () => {
    const tt = await freshInstall(() => ({ failed: PA_INTERRUPTED }));
    const job = await generate(tt, { provider: 'replicate', count: 5 });
    expect(job.forecast!.pReachN).toBeGreaterThan(0.95);
    expect(job.completedImages).toBe(0);
    expect(job.finishReason).toMatch(/^Stopped early: 5 images are still missing/);
    expect(job.currentAttempt).toBeLessThan(job.maxAttempts);
  });
});
