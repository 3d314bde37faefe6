import { z } from '@hono/zod-openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseActorId } from '../../src/domain/actors/actor-id.js';
import type { GenerationJob } from '../../src/domain/generation/job.js';
import { derivedAttemptBudget } from '../../src/domain/policy/attempt-budget.js';
import { priorEstimate, SCENARIO_PSEUDO_COUNT } from '../../src/domain/policy/beta-estimate.js';
import { AttemptSchema, JobSchema, PreviewSchema } from '../../src/interfaces/http/schemas.js';
import { createTestHttp, expectError, expectJson, send, useTestHttp, type TestHttp } from '../support/test-http.js';
import { ACTOR_ID, addTestActor, generate, openTestTroupe, removeTestTroupe } from '../support/test-troupe.js';

const PreviewBody = z.object({ preview: PreviewSchema });
const JobBody = z.object({ job: JobSchema });
const JobsBody = z.object({ jobs: z.array(JobSchema) });
const JobWithAttempts = z.object({ job: JobSchema, attempts: z.array(AttemptSchema) });
const openHttp = useTestHttp();

/** An actor with one finished 3-image job (medium scenario, so some attempts fail), shared by read-only tests. */
let shared: TestHttp;
let finished: GenerationJob;
beforeAll(async () => {
  const t = await openTestTroupe();
  await addTestActor(t);
  await addTestActor(t, '0002_other');
  finished = await generate(t, { count: 3, scenario: 'medium' });
  shared = await createTestHttp(t);
});
afterAll(async () => {
  await shared.tail.stop();
  await removeTestTroupe(shared.t);
});

const preview = (h: TestHttp, body: Record<string, unknown>) =>
  send(h.app, 'POST', '/api/jobs/preview', { actorId: ACTOR_ID, ...body });

describe('POST /api/jobs/preview', () => {
  it.each([
    [5, 13],
    [10, 23],
  ])(
    'count %i: a budget for 99%% odds (the seed would cap at %i), targets summing to the count, odds and a cost range',
    async (count, seedMaxAttempts) => {
      const { preview: p } = await expectJson(await preview(shared, { count }), 200, PreviewBody);
      expect(p).toMatchObject({
        actorId: ACTOR_ID,
        requestedImages: count,
        maxAttempts: derivedAttemptBudget(count, priorEstimate(0.85, SCENARIO_PSEUDO_COUNT)),
        defaultMaxAttempts: seedMaxAttempts,
        mode: 'fast',
        earlyStopBelow: 0.01,
        provider: 'sim',
        priceUsd: 0.04,
        observedAttempts: 0,
        retiredPrompts: [],
      });
      expect(p.providerOptions).toEqual({ scenario: 'high' });
      expect(p.typeTargets.photorealistic + p.typeTargets.bw_stylized + p.typeTargets.color_stylized).toBe(count);
      expect(p.estimatedCostUsd.min).toBeLessThanOrEqual(p.estimatedCostUsd.max);
      expect(p.keptImages.low).toBeLessThanOrEqual(p.keptImages.high);
      expect(p.expectedSuccessRate).toBe(0.85);
      expect(p.odds.pReachN).toBeGreaterThanOrEqual(0.99);
      expect(p.odds.pReachN).toBeLessThanOrEqual(1);
      expect(p.odds.successRate).toBe(0.85);
      expect(p.odds.expectedAttempts).toBeGreaterThanOrEqual(count);
      expect(p.odds.attemptsP05).toBeLessThanOrEqual(p.odds.attemptsP95);
      expect(p.odds.attemptsP95).toBeLessThanOrEqual(p.maxAttempts);
      expect(p.odds.costRangeUsd.p95).toBeCloseTo(p.odds.attemptsP95 * 0.04, 10);
      expect(p.odds.expectedWallSeconds).toBeGreaterThan(0);
    },
  );

  it('the seed mode runs one at a time with the seed cap, and its odds say how often that falls short', async () => {
    const { preview: p } = await expectJson(
      await preview(shared, { count: 5, scenario: 'low', mode: 'seed' }),
      200,
      PreviewBody,
    );
    expect(p).toMatchObject({
      mode: 'seed',
      concurrency: 1,
      maxAttempts: 13,
      defaultMaxAttempts: 13,
      lowOddsReason: null,
    });
    // Exact binomial odds of 5 successes in 13 attempts at 35%: about half the time (the figure).
    expect(p.odds.pReachN).toBeGreaterThan(0.45);
    expect(p.odds.pReachN).toBeLessThan(0.55);
    const { preview: fast } = await expectJson(await preview(shared, { count: 5, scenario: 'low' }), 200, PreviewBody);
    // Over the whole uncertainty of the scenario's estimate the default budget hits its ceiling of 6N + 10 attempts,
    // which still leaves about 2% of rates (below ~0.12) short.
    expect(fast.maxAttempts).toBe(40);
    expect(fast.odds.pReachN).toBeGreaterThan(0.97);
  });

  it('with the perfect scenario the cost is exactly count x price', async () => {
    const { preview: p } = await expectJson(await preview(shared, { count: 5, scenario: 'perfect' }), 200, PreviewBody);
    expect(p.estimatedCostUsd.min).toBe(p.estimatedCostUsd.max);
    expect(p.estimatedCostUsd.min).toBeCloseTo(5 * 0.04, 10);
    expect(p.keptImages).toMatchObject({ low: 5, high: 5 });
    expect(p.maxAttempts).toBe(5);
    expect(p.odds.pReachN).toBeGreaterThan(0.99);
    expect(await shared.t.troupe.listJobs()).toHaveLength(1);
  });

  it.each([
    ['count 0', { count: 0 }, /Count must be a whole number from 1 to 1000, got "0"/],
    ['count 1e9', { count: 1e9 }, /Count must be a whole number from 1 to 1000, got "1000000000"/],
    ['count "x"', { count: 'x' }, /Invalid request: count: /],
    ['an unknown field', { colour: 'red' }, /colour/],
    ['max attempts below the count', { count: 5, maxAttempts: 3 }, /Max attempts 3 is below the 5 images asked for/],
    [
      'an unknown scenario',
      { count: 2, scenario: 'wild' },
      /Unknown sim scenario "wild": use one of perfect, high, medium, low, broken/,
    ],
    ['an unknown provider', { count: 2, provider: 'dall-e' }, /Unknown provider "dall-e": use one of sim, replicate/],
  ])('refuses %s with 400 INVALID_INPUT, naming the problem', async (_, body, message) => {
    await expectError(await preview(shared, body), 400, 'INVALID_INPUT', message);
  });

  it('refuses a bad actor id with 400 INVALID_ACTOR_ID', async () => {
    await expectError(
      await preview(shared, { actorId: '../x', count: 2 }),
      400,
      'INVALID_ACTOR_ID',
      /Actor id "\.\.\/x" is invalid/,
    );
  });

  it('answers 404 for an unknown actor', async () => {
    await expectError(
      await preview(shared, { actorId: '0009_nobody', count: 2 }),
      404,
      'NOT_FOUND',
      /Actor 0009_nobody not found/,
    );
  });
});

describe('POST /api/jobs', () => {
  it('records a queued job (202) and hands it to the queue', async () => {
    const h = await openHttp();
    await addTestActor(h.t);
    const res = await send(h.app, 'POST', '/api/jobs', {
      actorId: ACTOR_ID,
      count: 4,
      scenario: 'perfect',
      concurrency: 2,
      costCapUsd: 1,
    });
    const { job } = await expectJson(res, 202, JobBody);
    expect(job).toMatchObject({
      actorId: ACTOR_ID,
      status: 'queued',
      requestedImages: 4,
      maxAttempts: 4,
      mode: 'fast',
      concurrency: 2,
      costCapUsd: 1,
      currentAttempt: 0,
      spendUsd: 0,
    });
    expect(job.providerOptions).toEqual({ scenario: 'perfect' });
    expect(h.enqueued).toEqual([job.id]);
    expect((await h.t.troupe.getJobOrThrow(job.id)).status).toBe('queued');
  });

  it('refuses a plan whose odds are below the early-stop threshold (422 LOW_ODDS) unless the request confirms it', async () => {
    const h = await openHttp();
    await addTestActor(h.t);
    const body = { actorId: ACTOR_ID, count: 4, scenario: 'perfect', costCapUsd: 0.08 };
    const { preview: p } = await expectJson(await preview(h, body), 200, PreviewBody);
    expect(p.lowOddsReason).toMatch(/raise --cost-cap from \$0\.08 \(2 attempts\) to at least \$0\.16 \(4 attempts\)/);
    await expectError(
      await send(h.app, 'POST', '/api/jobs', body),
      422,
      'LOW_ODDS',
      /below the early-stop threshold.*"confirmLowOdds": true/,
    );
    expect(h.enqueued).toEqual([]);
    expect(await h.t.troupe.listJobs()).toEqual([]);
    const { job } = await expectJson(
      await send(h.app, 'POST', '/api/jobs', { ...body, confirmLowOdds: true }),
      202,
      JobBody,
    );
    expect(job).toMatchObject({ status: 'queued', partial: false, earlyStopBelow: 0 });
    expect(h.enqueued).toEqual([job.id]);
  });

  it('refuses a bad request without recording or enqueuing anything', async () => {
    const h = await openHttp();
    await addTestActor(h.t);
    await expectError(
      await send(h.app, 'POST', '/api/jobs', { actorId: ACTOR_ID, count: 0 }),
      400,
      'INVALID_INPUT',
      /Count/,
    );
    await expectError(await send(h.app, 'POST', '/api/jobs', { actorId: '0009_nobody' }), 404, 'NOT_FOUND');
    expect(h.enqueued).toEqual([]);
    expect(await h.t.troupe.listJobs()).toEqual([]);
  });

  it('runs through the in-process queue to completion, seen through GET /api/jobs/{id}', async () => {
    const h = await openHttp({ queue: 'run' });
    await addTestActor(h.t);
    const { job } = await expectJson(
      await send(h.app, 'POST', '/api/jobs', { actorId: ACTOR_ID, count: 3, scenario: 'perfect' }),
      202,
      JobBody,
    );
    await h.settle();
    const done = await expectJson(await h.app.request(`/api/jobs/${job.id}`), 200, JobWithAttempts);
    expect(done.job).toMatchObject({
      id: job.id,
      status: 'completed',
      completedImages: 3,
      currentAttempt: 3,
      successRate: 100,
      spendUsd: 0.12,
    });
    expect(done.attempts.map((a) => a.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect((await h.t.troupe.listImages(parseActorId(job.actorId))).map((i) => i.jobId)).toEqual([
      job.id,
      job.id,
      job.id,
    ]);
  });
});

describe('GET /api/jobs and /api/jobs/{id}', () => {
  it('lists jobs, filtered by actor and by status', async () => {
    const h = await openHttp();
    await addTestActor(h.t);
    await addTestActor(h.t, '0002_other');
    const first = await h.t.troupe.createJob({ actorId: ACTOR_ID, count: 1 });
    h.t.clock.advance(1000);
    const other = await h.t.troupe.createJob({ actorId: '0002_other', count: 1 });
    await h.t.troupe.cancelJob(first.id);
    const ids = async (query: string) =>
      (await expectJson(await h.app.request(`/api/jobs${query}`), 200, JobsBody)).jobs.map((j) => j.id);
    expect(await ids('')).toEqual([first.id, other.id]);
    expect(await ids('?actorId=0002_other')).toEqual([other.id]);
    expect(await ids('?status=canceled')).toEqual([first.id]);
    expect(await ids(`?actorId=${ACTOR_ID}&status=queued`)).toEqual([]);
    await expectError(
      await h.app.request('/api/jobs?status=bogus'),
      400,
      'INVALID_INPUT',
      /status "bogus" is not a job status: use one of queued, processing, completed, canceled, failed/,
    );
    await expectError(await h.app.request('/api/jobs?actorId=../x'), 400, 'INVALID_ACTOR_ID');
  });

  it('shows a finished job with every attempt it made', async () => {
    const { job, attempts } = await expectJson(
      await shared.app.request(`/api/jobs/${finished.id}`),
      200,
      JobWithAttempts,
    );
    expect(job).toMatchObject({
      id: finished.id,
      status: 'completed',
      currentAttempt: finished.currentAttempt,
      completedImages: finished.completedImages,
    });
    expect(attempts).toHaveLength(job.currentAttempt);
    expect(attempts.map((a) => a.number)).toEqual(Array.from({ length: job.currentAttempt }, (_, i) => i + 1));
    expect(attempts.filter((a) => a.status === 'succeeded')).toHaveLength(job.completedImages);
    expect(attempts.every((a) => a.jobId === finished.id)).toBe(true);
  });

  it('marks a job that kept some but fewer images than asked partial, and one that kept none failed', async () => {
    const h = await openHttp();
    await addTestActor(h.t);
    const partial = await generate(h.t, { count: 3, costCapUsd: 0.08, confirmLowOdds: true });
    const failed = await generate(h.t, { count: 2, scenario: 'broken', maxAttempts: 3, confirmLowOdds: true });
    const { jobs } = await expectJson(await h.app.request('/api/jobs'), 200, JobsBody);
    expect(jobs.map((j) => [j.id, j.status, j.partial, j.completedImages])).toEqual([
      [partial.id, 'completed', true, 2],
      [failed.id, 'failed', false, 0],
    ]);
  });

  it('answers 404 for an unknown job on every job route', async () => {
    await expectError(await shared.app.request('/api/jobs/job_nope'), 404, 'NOT_FOUND', /Job job_nope not found/);
    await expectError(await shared.app.request('/api/jobs/job_nope/cancel', { method: 'POST' }), 404, 'NOT_FOUND');
    await expectError(await shared.app.request('/api/jobs/job_nope/events'), 404, 'NOT_FOUND');
  });
});

describe('POST /api/jobs/{id}/cancel', () => {
  it('cancels a queued job at once (200, canceled) and refuses a finished one (409)', async () => {
    const h = await openHttp();
    await addTestActor(h.t);
    const queued = await h.t.troupe.createJob({ actorId: ACTOR_ID, count: 2 });
    const { job } = await expectJson(
      await h.app.request(`/api/jobs/${queued.id}/cancel`, { method: 'POST' }),
      200,
      JobBody,
    );
    expect(job).toMatchObject({
      id: queued.id,
      status: 'canceled',
      isCancelRequested: true,
      finishReason: 'Canceled before it started.',
    });
    expect((await h.t.troupe.getJobOrThrow(queued.id)).status).toBe('canceled');
    await expectError(
      await h.app.request(`/api/jobs/${queued.id}/cancel`, { method: 'POST' }),
      409,
      'JOB_STATE',
      /already ended \(canceled\)/,
    );
  });

  it('refuses to cancel a completed job (409 JOB_STATE)', async () => {
    const res = await shared.app.request(`/api/jobs/${finished.id}/cancel`, { method: 'POST' });
    await expectError(
      res,
      409,
      'JOB_STATE',
      new RegExp(`Job ${finished.id} already ended \\(completed\\); there is nothing to cancel`),
    );
  });
});
