import { describe, expect, it } from 'vitest';
import type { Attempt } from '../../src/domain/generation/attempt.js';
import { isFinalAttemptStatus } from '../../src/domain/generation/attempt.js';
import type { GenerationJob } from '../../src/domain/generation/job.js';
import { priorEstimate, SCENARIO_PSEUDO_COUNT } from '../../src/domain/policy/beta-estimate.js';
import { ACTOR_PROMPT_RETIREMENT } from '../../src/domain/prompts/prompt-rotation.js';
import { ACTOR_ID, generate, useTestTroupes, type TestTroupe } from '../support/test-troupe.js';

const setUp = useTestTroupes();

/** Follows a job's attempts as the engine reports them: the most in flight, and the most beyond the images missing. */
function watchInFlight(t: TestTroupe, requested: number) {
  const attempts = new Map<string, Attempt>();
  let maxInFlight = 0;
  let maxSpare = Number.NEGATIVE_INFINITY;
  const stop = t.troupe.deps.events.subscribe((event) => {
    if (event.type !== 'attempt.updated') return;
    attempts.set(event.attempt.id, event.attempt);
    const all = [...attempts.values()];
    // At the provider: a run being stored (its image downloading, checked, numbered) holds no place there.
    const inFlight = all.filter((a) => !isFinalAttemptStatus(a.status) && a.status !== 'storing').length;
    const missing = requested - all.filter((a) => a.status === 'succeeded').length;
    maxInFlight = Math.max(maxInFlight, inFlight);
    if (missing > 0) maxSpare = Math.max(maxSpare, inFlight - missing);
  });
  return { stop, result: () => ({ maxInFlight, maxSpare }) };
}

async function timedGenerate(t: TestTroupe, input: Parameters<typeof generate>[1]) {
  const startedMs = t.clock.now();
  const job = await generate(t, input);
  return { job, wallMs: t.clock.now() - startedMs };
}

describe('attempt policy in the engine (sim provider, fake clock)', () => {
  it('thrifty never keeps more in flight than images missing; both modes stay within the concurrency', async () => {
    const t = await setUp();
    const watch = watchInFlight(t, 10);
    const job = await generate(t, { count: 10, scenario: 'medium', concurrency: 8, mode: 'thrifty' });
    watch.stop();
    expect(job).toMatchObject({ status: 'completed', completedImages: 10, mode: 'thrifty' });
    expect(watch.result().maxSpare).toBeLessThanOrEqual(0);
    expect(watch.result().maxInFlight).toBeLessThanOrEqual(8);
  });

  it('fast keeps spare attempts in flight for the last images, cancels them once N are in, and ends all attempts', async () => {
    const t = await setUp();
    const watch = watchInFlight(t, 10);
    const job = await generate(t, { count: 10, scenario: 'medium', concurrency: 8 });
    watch.stop();
    expect(job).toMatchObject({ status: 'completed', mode: 'fast', completedImages: 10 });
    expect(watch.result().maxSpare).toBeGreaterThan(0);
    expect(watch.result().maxInFlight).toBeLessThanOrEqual(8);
    const attempts = await t.troupe.listAttempts(job.id);
    expect(attempts.every((a) => isFinalAttemptStatus(a.status))).toBe(true);
    expect(attempts.length).toBeLessThanOrEqual(job.maxAttempts);
    // Never more than N: a spare that succeeds after the Nth image is paid for but not kept, and says so.
    expect(await t.troupe.listImages(job.actorId)).toHaveLength(10);
    for (const spare of attempts.filter((a) => a.status === 'canceled' && a.costMicroUsd > 0)) {
      expect(spare.message).toMatch(/^Succeeded after the job had its 10 images: not kept/);
    }
  });

  // Six whole jobs: seconds of real SQLite and sharp work behind the fake clock, more on a busy machine.
  it('fast finishes sooner than thrifty over the same jobs', async () => {
    let fastMs = 0;
    let thriftyMs = 0;
    for (const seed of [1, 2, 3]) {
      const fast = await timedGenerate(await setUp(seed), { count: 10, scenario: 'medium', concurrency: 8 });
      const thrifty = await timedGenerate(await setUp(seed), {
        count: 10,
        scenario: 'medium',
        concurrency: 8,
        mode: 'thrifty',
      });
      fastMs += fast.wallMs;
      thriftyMs += thrifty.wallMs;
    }
    expect(fastMs).toBeLessThan(thriftyMs);
  }, 60_000);

  it('learns the success rate from every attempt and starts the next job from it', async () => {
    const t = await setUp();
    const before = await t.troupe.previewJob({ actorId: ACTOR_ID, count: 5, providerOptions: { scenario: 'medium' } });
    expect(before).toMatchObject({ expectedSuccessRate: 0.65, observedAttempts: 0 });
    const job = await generate(t, { count: 8, scenario: 'medium' });
    const attempts = await t.troupe.listAttempts(job.id);
    const learned = attempts.filter((a) => a.status === 'succeeded' || a.status === 'failed');
    const successes = attempts.filter((a) => a.status === 'succeeded').length;
    const after = await t.troupe.previewJob({ actorId: ACTOR_ID, count: 5, providerOptions: { scenario: 'medium' } });
    const prior = priorEstimate(0.65, SCENARIO_PSEUDO_COUNT);
    expect(after.observedAttempts).toBe(learned.length);
    expect(after.expectedSuccessRate).toBeCloseTo(
      (prior.alpha + successes) / (prior.alpha + prior.beta + learned.length),
      10,
    );
    // Another scenario is another subject: nothing learned there.
    const other = await t.troupe.previewJob({ actorId: ACTOR_ID, count: 5, providerOptions: { scenario: 'low' } });
    expect(other.observedAttempts).toBe(0);
  });

  it('stops early when a provider that used to work fails every attempt, long before the budget, and says why', async () => {
    const t = await setUp();
    // The sim's "broken" scenario has worked well before, as far as the estimate knows.
    await t.troupe.deps.outcomeCounts.add('provider:sim/broken', { successes: 30, failures: 2 });
    const job: GenerationJob = await generate(t, { count: 5, scenario: 'broken' });
    expect(job.status).toBe('failed');
    expect(job.completedImages).toBe(0);
    expect(job.finishReason).toMatch(/^Stopped early: 5 images are still missing/);
    expect(job.finishReason).toMatch(/Kept 0\/5 images after \d+ attempts\.$/);
    expect(job.currentAttempt).toBeLessThan(job.maxAttempts);
    expect(job.forecast?.pReachN).toBeGreaterThan(0.99);
  });

  it('retires a prompt the filter keeps refusing for an actor, says so in the preview, and skips it', async () => {
    const t = await setUp();
    const { prompts } = await t.troupe.deps.prompts.load(null);
    const refused = prompts.find((p) => p.type === 'photorealistic')!;
    const earlier = await t.troupe.createJob({ actorId: ACTOR_ID, count: 1, providerOptions: { scenario: 'perfect' } });
    for (let i = 1; i <= ACTOR_PROMPT_RETIREMENT; i += 1) {
      await t.troupe.deps.attempts.insert({
        id: `att_refused_${i}`,
        jobId: earlier.id,
        number: i,
        status: 'failed',
        promptId: refused.id,
        prompt: refused.template,
        type: 'photorealistic',
        seed: i,
        providerRunId: null,
        outputUrl: null,
        failureClass: 'content_filter',
        failureCode: 'E005',
        message: 'The input or output was flagged as sensitive.',
        costMicroUsd: 0,
        imageId: null,
        startedAt: new Date(0).toISOString(),
        endedAt: new Date(0).toISOString(),
      });
    }
    const input = { actorId: ACTOR_ID, types: 'photorealistic=8', providerOptions: { scenario: 'perfect' } };
    expect((await t.troupe.previewJob(input)).retiredPrompts).toEqual([refused.id]);
    const job = await generate(t, { types: 'photorealistic=8', scenario: 'perfect' });
    const used = (await t.troupe.listAttempts(job.id)).map((a) => a.promptId);
    expect(used).toHaveLength(8);
    expect(used).not.toContain(refused.id);
    expect(new Set(used).size).toBe(8);
  });
});
