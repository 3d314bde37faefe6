import Database from 'better-sqlite3';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../fakes/fake-clock.js';
import { startFakeReplicate, type FakeReplicate } from '../fakes/fake-replicate/fake-replicate-server.js';
import type { FakeScript } from '../fakes/fake-replicate/fake-script.js';
import { isIoBusy } from '../support/io-busy.js';
import {
  ACTOR_ID,
  expectConsistentSet,
  generate,
  openTestTroupe,
  removeTestTroupe,
  type TestTroupe,
} from '../support/test-troupe.js';

let fake: FakeReplicate | undefined;
let t: TestTroupe | undefined;

afterEach(async () => {
  if (t) await removeTestTroupe(t);
  await fake?.close();
  t = undefined;
  fake = undefined;
});

async function setUp(
  script: Partial<FakeScript> = {},
  options: { token?: string; baseImageSizePx?: number } = {},
): Promise<TestTroupe> {
  const clock = new FakeClock(undefined, isIoBusy);
  fake = await startFakeReplicate({ now: () => clock.now(), script: { queueMs: 500, runMs: 3_000, ...script } });
  t = await openTestTroupe({
    clock,
    env: {
      TROUPE_PROVIDER: 'replicate',
      REPLICATE_API_TOKEN: options.token ?? 'test-token',
      REPLICATE_API_BASE_URL: fake.baseUrl,
      REPLICATE_POLL_INTERVAL_MS: '500',
    },
  });
  const side = options.baseImageSizePx ?? 512;
  const base = path.join(t.workDir, 'base.png');
  await sharp({
    create: {
      width: side,
      height: side,
      channels: 3,
      background: '#808080',
      noise: { type: 'gaussian', mean: 128, sigma: 60 },
    },
  })
    .png()
    .toFile(base);
  await t.troupe.addActorFromFile({ id: ACTOR_ID, baseImagePath: base, descriptor: 'woman' });
  return t;
}

/** Every prediction is one attempt's, every billed one is one kept image: nothing paid twice, nothing lost. */
function expectAccountedFor(testTroupe: TestTroupe, replicate: FakeReplicate): void {
  const db = new Database(path.join(testTroupe.dataDir, 'troupe.db'), { readonly: true });
  const runIds = db.prepare('SELECT provider_run_id AS id FROM attempts WHERE provider_run_id IS NOT NULL').all() as {
    id: string;
  }[];
  const kept = db
    .prepare('SELECT a.provider_run_id AS id FROM images i JOIN attempts a ON a.id = i.attempt_id')
    .all() as { id: string }[];
  db.close();
  const created = replicate.predictions.map((p) => p.id);
  expect(runIds.map((r) => r.id).sort()).toEqual([...created].sort());
  expect(new Set(runIds.map((r) => r.id)).size).toBe(runIds.length);
  const billed = replicate.predictions.filter((p) => p.isBilled).map((p) => p.id);
  expect(kept.map((k) => k.id).sort()).toEqual([...billed].sort());
}

describe('the engine on Replicate (fake server over real HTTP)', () => {
  it('generates a set with flux-kontext-pro inputs, one prediction per attempt, one bill per image', async () => {
    const tt = await setUp();
    const job = await generate(tt, { provider: 'replicate', count: 5 });
    expect(job).toMatchObject({ status: 'completed', completedImages: 5, currentAttempt: 5, spendMicroUsd: 200_000 });
    const input = fake!.predictions[0]!.input;
    expect(input).toMatchObject({
      aspect_ratio: 'match_input_image',
      output_format: 'jpg',
      safety_tolerance: 2,
      prompt_upsampling: false,
    });
    expect(String(input.input_image)).toMatch(/^data:image\/jpeg;base64,/);
    expect(typeof input.seed).toBe('number');
    const create = fake!.requests.find((r) => r.method === 'POST' && r.path.endsWith('/predictions'));
    expect(create?.headers.prefer).toBe('wait=5');
    expect(create?.headers['cancel-after']).toBe('10m');
    expectAccountedFor(tt, fake!);
    await expectConsistentSet(tt, 5);
  });

  it('uploads a large base image once through the files API and reuses its URL', async () => {
    const tt = await setUp({}, { baseImageSizePx: 1400 });
    await generate(tt, { provider: 'replicate', count: 3 });
    expect(fake!.requests.filter((r) => r.method === 'POST' && r.path === '/v1/files')).toHaveLength(1);
    const urls = new Set(fake!.predictions.map((p) => String(p.input.input_image)));
    expect(urls.size).toBe(1);
    expect([...urls][0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1\/files\//);
  });

  it('retries content-filtered and interrupted runs, classifies them, and retires a prompt filtered twice', async () => {
    const tt = await setUp({ filterPrompts: /smil/i, interruptEvery: 4 });
    const job = await generate(tt, { provider: 'replicate', count: 8, maxAttempts: 25, concurrency: 1 });
    expect(job.status).toBe('completed');
    expect(job.completedImages).toBe(8);
    const attempts = await tt.troupe.listAttempts(job.id);
    const failed = attempts.filter((a) => a.status === 'failed');
    expect(failed.map((a) => a.failureCode)).toEqual(expect.arrayContaining(['PA']));
    const filtered = failed.filter((f) => f.failureClass === 'content_filter');
    expect(filtered.length).toBeGreaterThan(0);
    for (const a of filtered) expect(a.failureCode).toBe('E005');
    const filteredPerPrompt = new Map<string, number>();
    for (const a of attempts.filter((x) => x.failureClass === 'content_filter'))
      filteredPerPrompt.set(a.promptId, (filteredPerPrompt.get(a.promptId) ?? 0) + 1);
    for (const count of filteredPerPrompt.values()) expect(count).toBeLessThanOrEqual(2);
    expectAccountedFor(tt, fake!);
  });

  it('waits out 429s as long as Retry-After says, without counting them as attempts or paying for them', async () => {
    const tt = await setUp({ rateLimit: { remaining: 3, retryAfterS: 7 } });
    const started = tt.clock.now();
    const job = await generate(tt, { provider: 'replicate', count: 2, concurrency: 1 });
    expect(job).toMatchObject({ status: 'completed', completedImages: 2, currentAttempt: 2 });
    expect(fake!.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/predictions'))).toHaveLength(5);
    expect(tt.clock.now() - started).toBeGreaterThanOrEqual(3 * 7_000);
    expectAccountedFor(tt, fake!);
  });

  it('reconciles a create that answered 500 after creating, instead of paying for a second prediction', async () => {
    const tt = await setUp({ failCreateAfterCreating: [2], dropCreateResponse: [4] });
    const job = await generate(tt, { provider: 'replicate', count: 5, concurrency: 1 });
    expect(job).toMatchObject({ status: 'completed', completedImages: 5, currentAttempt: 5 });
    expect(fake!.createdCount()).toBe(5);
    expect(fake!.billedCount()).toBe(5);
    expectAccountedFor(tt, fake!);
  });

  it('keeps polling through 503s on status checks', async () => {
    const tt = await setUp({ getErrors: 3 });
    const job = await generate(tt, { provider: 'replicate', count: 2 });
    expect(job).toMatchObject({ status: 'completed', completedImages: 2, currentAttempt: 2 });
  });

  it('downloads a truncated output again instead of discarding a paid success', async () => {
    const tt = await setUp({
      outputFaultFor: (_input, n, download) => (n === 1 && download <= 2 ? 'truncated' : undefined),
    });
    const job = await generate(tt, { provider: 'replicate', count: 2, concurrency: 1 });
    expect(job).toMatchObject({ status: 'completed', completedImages: 2, currentAttempt: 2, spendMicroUsd: 80_000 });
    const [first] = await tt.troupe.listAttempts(job.id);
    expect(first).toMatchObject({ status: 'succeeded', costMicroUsd: 40_000 });
    expect(fake!.requests.filter((r) => r.path.startsWith('/files/out/'))).toHaveLength(4);
    expectAccountedFor(tt, fake!);
  });

  it('charges an output that stays broken after every download, and says it was paid and not kept', async () => {
    const tt = await setUp({ outputFaultFor: (_input, n) => (n === 1 ? 'corrupt' : undefined) });
    const job = await generate(tt, { provider: 'replicate', count: 2, concurrency: 1 });
    expect(job).toMatchObject({ status: 'completed', completedImages: 2, currentAttempt: 3 });
    const [first] = await tt.troupe.listAttempts(job.id);
    expect(first).toMatchObject({ status: 'failed', failureClass: 'transient', failureCode: 'BAD_OUTPUT' });
    expect(first!.costMicroUsd).toBe(40_000);
    expect(first!.message).toMatch(/after 8 downloads; paid, not kept/);
    expect(job.spendMicroUsd).toBe(fake!.billedMicroUsd());
  });

  it('ends an attempt whose output expired before the download as its own outcome, charged', async () => {
    // Outputs are removed the moment the run ends, so no download can be in time.
    const tt = await setUp({ outputTtlMs: 0 });
    const job = await generate(tt, { provider: 'replicate', count: 1, concurrency: 1, maxAttempts: 2 });
    const attempts = await tt.troupe.listAttempts(job.id);
    expect(attempts.map((a) => a.failureCode)).toEqual(['OUTPUT_EXPIRED', 'OUTPUT_EXPIRED']);
    expect(attempts.every((a) => a.costMicroUsd === 40_000)).toBe(true);
    expect(job.spendMicroUsd).toBe(fake!.billedMicroUsd());
  });

  it('rides out a status outage longer than the old five failed polls, and keeps the image', async () => {
    let outageUntil = 0;
    const tt = await setUp({ getErrorWhile: (now) => now < outageUntil });
    outageUntil = tt.clock.now() + 120_000;
    const job = await generate(tt, { provider: 'replicate', count: 2, concurrency: 2 });
    expect(job).toMatchObject({ status: 'completed', completedImages: 2, currentAttempt: 2 });
    expectAccountedFor(tt, fake!);
  });

  it('finds a lost create that the listing shows only later, instead of giving it up', async () => {
    const tt = await setUp({ failCreateAfterCreating: [1], listLagMs: 45_000 });
    const job = await generate(tt, { provider: 'replicate', count: 2, concurrency: 1 });
    expect(job).toMatchObject({ status: 'completed', completedImages: 2, currentAttempt: 2 });
    expect(fake!.createdCount()).toBe(2);
    expectAccountedFor(tt, fake!);
  });

  it.each([
    ['a bad token', {}, { token: 'wrong-token' }, 'REPLICATE_API_TOKEN'],
    ['an unknown model', { models: ['someone/else'] }, {}, 'REPLICATE_MODEL'],
  ])(
    'refuses to create a job with %s, naming the fix, before anything is recorded or paid',
    async (_name, script, options, fix) => {
      const tt = await setUp(script as Partial<FakeScript>, options as { token?: string });
      const attempt = tt.troupe.createJob({ actorId: ACTOR_ID, count: 5, provider: 'replicate', providerOptions: {} });
      await expect(attempt).rejects.toMatchObject({ code: 'PROVIDER', message: expect.stringContaining(fix) });
      expect(await tt.troupe.listJobs()).toEqual([]);
      expect(fake!.createdCount()).toBe(0);
    },
  );

  it('stops a job at once when the account has no credit, naming the fix, without burning attempts', async () => {
    const tt = await setUp({ hasNoCredit: true });
    const job = await generate(tt, { provider: 'replicate', count: 5, concurrency: 2 });
    expect(job.status).toBe('failed');
    expect(job.finishReason).toContain('add credit');
    expect(job.currentAttempt).toBeLessThanOrEqual(2);
    expect(job.completedImages).toBe(0);
    expect(fake!.billedCount()).toBe(0);
  });

  it('cancels in-flight predictions at Replicate when the job is canceled', async () => {
    const tt = await setUp({ runMs: 60_000 });
    const job = await tt.troupe.createJob({ actorId: ACTOR_ID, count: 4, provider: 'replicate', providerOptions: {} });
    const running = tt.troupe.runJob(job.id, { owner: tt.owner });
    await tt.clock.runWhile(() => fake!.createdCount() < 4);
    await tt.troupe.cancelJob(job.id);
    const done = await tt.clock.runUntil(running);
    expect(done.status).toBe('canceled');
    expect(fake!.requests.filter((r) => r.path.endsWith('/cancel'))).toHaveLength(4);
    expect(fake!.predictions.every((p) => p.status === 'canceled')).toBe(true);
    expect(fake!.billedCount()).toBe(0);
  });
});
