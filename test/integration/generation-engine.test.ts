import { describe, expect, it, onTestFinished } from 'vitest';
import type { Attempt } from '../../src/domain/generation/attempt.js';
import {
  ACTOR_ID,
  addTestActor,
  expectConsistentSet,
  generate,
  openTestTroupe,
  readManifest,
  removeTestTroupe,
  useTestTroupes,
} from '../support/test-troupe.js';
import { isPartial } from '../../src/domain/generation/job-outcome.js';

const setUp = useTestTroupes();

describe('generation engine on the sim provider (fake clock)', () => {
  it('perfect success stops at exactly N, numbered 1..N, with manifest = disk = database', async () => {
    const t = await setUp();
    const job = await generate(t, { count: 5, scenario: 'perfect' });
    expect(job).toMatchObject({
      status: 'completed',
      completedImages: 5,
      currentAttempt: 5,
      successRatePermille: 1000,
      // The budget comes from the odds: a provider that never fails needs exactly N attempts.
      maxAttempts: 5,
    });
    expect(job.spendMicroUsd).toBe(5 * 40_000);
    await expectConsistentSet(t, 5);
    const manifest = await readManifest(t);
    expect(manifest.generations.at(-1)).toMatchObject({
      id: job.id,
      requested: 5,
      generated: 5,
      attempts: 5,
      status: 'completed',
    });
    const attempts = await t.troupe.listAttempts(job.id);
    expect(attempts.every((a) => a.status === 'succeeded' && a.providerRunId !== null && a.imageId !== null)).toBe(
      true,
    );
  });

  it('keeps the requested type mix and never uses the same prompt twice in a row', async () => {
    const t = await setUp();
    const job = await generate(t, {
      types: 'photorealistic=4,bw_stylized=3,color_stylized=2',
      scenario: 'medium',
      concurrency: 1,
    });
    const attempts = await t.troupe.listAttempts(job.id);
    const images = await t.troupe.listImages(job.actorId);
    expect(job.status).toBe('completed');
    const kept = (type: string) => images.filter((i) => i.type === type).length;
    expect([kept('photorealistic'), kept('bw_stylized'), kept('color_stylized')]).toEqual(
      job.completedImages === 9 ? [4, 3, 2] : [expect.any(Number), expect.any(Number), expect.any(Number)],
    );
    expect(kept('photorealistic')).toBeLessThanOrEqual(4);
    expect(kept('bw_stylized')).toBeLessThanOrEqual(3);
    for (let i = 1; i < attempts.length; i += 1) expect(attempts[i]!.promptId).not.toBe(attempts[i - 1]!.promptId);
    expect(attempts.every((a) => a.prompt.includes('woman') && !a.prompt.includes('{descriptor}'))).toBe(true);
  });

  it('partial success: uses every attempt, completes with fewer images and says so', async () => {
    const t = await setUp();
    // Odds of 10 in 12 at 35% are far below the early-stop threshold: started only because it is confirmed.
    const job = await generate(t, { count: 10, maxAttempts: 12, scenario: 'low', confirmLowOdds: true });
    expect(job.status).toBe('completed');
    expect(isPartial(job)).toBe(true);
    expect(job.currentAttempt).toBe(12);
    expect(job.finishedAttempts).toBe(12);
    expect(job.completedImages).toBeLessThan(10);
    expect(job.completedImages).toBeGreaterThan(0);
    expect(job.finishReason).toMatch(/Partial result: \d+\/10 images, because all 12 attempts were used/);
    const attempts = await t.troupe.listAttempts(job.id);
    expect(job.successRatePermille).toBe(Math.round((job.completedImages * 1000) / 12));
    expect(new Set(attempts.filter((a) => a.status === 'failed').map((a) => a.failureClass))).toContain(
      'content_filter',
    );
    await expectConsistentSet(t, job.completedImages);
  });

  it('total failure: refused unless confirmed; confirmed, it fails with 0 images after max attempts and says why', async () => {
    const t = await setUp();
    await expect(generate(t, { count: 5, scenario: 'broken', maxAttempts: 13 })).rejects.toMatchObject({
      code: 'LOW_ODDS',
      message: expect.stringMatching(/no budget reaches the target.*pass --yes/),
    });
    expect(await t.troupe.listJobs()).toEqual([]);
    const job = await generate(t, { count: 5, scenario: 'broken', maxAttempts: 13, confirmLowOdds: true });
    expect(job).toMatchObject({
      status: 'failed',
      completedImages: 0,
      currentAttempt: 13,
      successRatePermille: 0,
      spendMicroUsd: 0,
    });
    expect(job.finishReason).toContain('No image was generated');
    const attempts = await t.troupe.listAttempts(job.id);
    expect(attempts.every((a) => a.status === 'failed' && a.failureClass !== null && a.message !== null)).toBe(true);
    expect((await readManifest(t)).total_images).toBe(0);
  });

  it('stops at the cost cap, counting in-flight attempts against it', async () => {
    const t = await setUp();
    await expect(
      generate(t, { count: 10, costCapUsd: 0.1, scenario: 'perfect', concurrency: 8 }),
    ).rejects.toMatchObject({
      code: 'LOW_ODDS',
      message: expect.stringMatching(/raise --cost-cap from \$0\.10 \(2 attempts\) to at least \$0\.40/),
    });
    const job = await generate(t, {
      count: 10,
      costCapUsd: 0.1,
      scenario: 'perfect',
      concurrency: 8,
      confirmLowOdds: true,
    });
    expect(job).toMatchObject({ status: 'completed', completedImages: 2 });
    expect(job.spendMicroUsd).toBeLessThanOrEqual(100_000);
    expect(job.finishReason).toContain('cost cap of $0.10');
  });

  it('a cancel request from another process stops launching and cancels runs in flight', async () => {
    const t = await setUp();
    const job = await t.troupe.createJob({
      actorId: ACTOR_ID,
      count: 20,
      maxAttempts: 25,
      providerOptions: { scenario: 'high' },
    });
    const ended: Attempt[] = [];
    t.troupe.deps.events.subscribe((e) => {
      if (e.type === 'attempt.updated' && e.attempt.endedAt !== null) ended.push(e.attempt);
    });
    const running = t.troupe.runJob(job.id, { owner: t.owner });
    await t.clock.runWhile(() => ended.length < 3);
    await t.troupe.cancelJob(job.id);
    const finished = await t.clock.runUntil(running);
    expect(finished.status).toBe('canceled');
    expect(finished.finishReason).toContain('Canceled by request');
    const attempts = await t.troupe.listAttempts(job.id);
    expect(attempts.length).toBeLessThan(25);
    expect(attempts.some((a) => a.status === 'canceled')).toBe(true);
    expect(attempts.filter((a) => !['succeeded', 'failed', 'canceled'].includes(a.status))).toEqual([]);
    await expectConsistentSet(t, finished.completedImages);
  });

  it('an aborted signal (Ctrl-C) cancels the job the same way', async () => {
    const t = await setUp();
    const job = await t.troupe.createJob({ actorId: ACTOR_ID, count: 10, providerOptions: { scenario: 'perfect' } });
    const controller = new AbortController();
    const running = t.troupe.runJob(job.id, { owner: t.owner, signal: controller.signal });
    await t.clock.runWhile(() => t.clock.pendingTimers() < 4);
    controller.abort();
    const finished = await t.clock.runUntil(running);
    expect(finished.status).toBe('canceled');
    expect((await t.troupe.getJobOrThrow(job.id)).isCancelRequested).toBe(true);
  });

  it('two jobs on one actor at once, from two processes, never collide: numbers unique and gap-free', async () => {
    const a = await setUp();
    const b = await openTestTroupe({ dataDir: a.dataDir, clock: a.clock, seed: 7 });
    onTestFinished(() => b.close());
    const jobA = await a.troupe.createJob({ actorId: ACTOR_ID, count: 6, providerOptions: { scenario: 'perfect' } });
    const jobB = await b.troupe.createJob({ actorId: ACTOR_ID, count: 7, providerOptions: { scenario: 'perfect' } });
    const [doneA, doneB] = await a.clock.runUntil(
      Promise.all([a.troupe.runJob(jobA.id, { owner: a.owner }), b.troupe.runJob(jobB.id, { owner: b.owner })]),
    );
    expect(doneA.completedImages + doneB.completedImages).toBe(13);
    await expectConsistentSet(a, 13);
    const manifest = await readManifest(a);
    expect(manifest.generations.map((g) => g.generated).sort()).toEqual([6, 7]);
  });

  it('refuses to run a job another live process has claimed', async () => {
    const a = await setUp();
    const job = await a.troupe.createJob({ actorId: ACTOR_ID, count: 3, providerOptions: { scenario: 'perfect' } });
    await a.troupe.deps.jobs.claim(
      job.id,
      'other-host:1:x',
      new Date(a.clock.now()).toISOString(),
      new Date(a.clock.now() + 60_000).toISOString(),
    );
    await expect(a.troupe.runJob(job.id, { owner: a.owner })).rejects.toMatchObject({ code: 'JOB_CLAIMED' });
    expect(await a.troupe.listAttempts(job.id)).toHaveLength(0);
  });
});

describe('cancel in the same process', () => {
  it('stops launching the moment the cancel is made, not at the next heartbeat', async () => {
    // Runs end well inside one heartbeat, so a cancel seen only at the heartbeat would let new attempts start.
    const t = await openTestTroupe({ env: { TROUPE_SIM_LATENCY_MS: '100-200' } });
    await addTestActor(t);
    try {
      const job = await t.troupe.createJob({
        actorId: ACTOR_ID,
        count: 20,
        maxAttempts: 40,
        concurrency: 4,
        providerOptions: { scenario: 'high' },
      });
      const running = t.troupe.runJob(job.id, { owner: t.owner });
      let launched = 0;
      t.troupe.deps.events.subscribe((e) => {
        if (e.type === 'attempt.updated' && e.attempt.status === 'pending')
          launched = Math.max(launched, e.attempt.number);
      });
      await t.clock.runWhile(() => launched < 4);
      await t.troupe.cancelJob(job.id);
      const launchedAtCancel = launched;
      const finished = await t.clock.runUntil(running);
      expect(finished.status).toBe('canceled');
      expect(launched).toBe(launchedAtCancel);
      expect(await t.troupe.listAttempts(job.id)).toHaveLength(launchedAtCancel);
    } finally {
      await removeTestTroupe(t);
    }
  });
});
