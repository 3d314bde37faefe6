import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../fake-clock.js';
import { callFake, createPrediction, getPrediction, kontextInput, PageJson, PredictionJson } from './call-fake.js';
import { E005_SENSITIVE, PA_INTERRUPTED, type FakeScript } from './fake-script.js';
import { startFakeReplicate, type FakeReplicate } from './fake-replicate-server.js';

const CREATE_PATH = '/models/black-forest-labs/flux-kontext-pro/predictions';

let fake: FakeReplicate | undefined;
let clock: FakeClock;

async function start(script: Partial<FakeScript> = {}): Promise<FakeReplicate> {
  clock = new FakeClock();
  fake = await startFakeReplicate({ now: () => clock.now(), script: { queueMs: 1_000, runMs: 4_000, ...script } });
  return fake;
}

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('fake Replicate: prediction lifecycle', () => {
  it('moves a created prediction through starting and processing to succeeded, as scripted time passes', async () => {
    const replicate = await start();
    const created = await createPrediction(replicate, kontextInput({ seed: 7 }), { prefer: 'wait=5' });

    expect(created).toMatchObject({ status: 'starting', model: 'black-forest-labs/flux-kontext-pro', output: null });
    expect(created.input).toEqual(kontextInput({ seed: 7 }));
    expect(created.urls.get).toBe(`${replicate.baseUrl}/predictions/${created.id}`);
    clock.advance(1_000);
    expect((await getPrediction(replicate, created.id)).status).toBe('processing');
    clock.advance(4_000);
    const done = await getPrediction(replicate, created.id);

    expect(done).toMatchObject({ status: 'succeeded', error: null, metrics: { predict_time: 4 } });
    expect(done.started_at).not.toBeNull();
    expect(done.completed_at).not.toBeNull();
    expect(replicate.predictions[0]?.statusHistory.map((change) => change.status)).toEqual([
      'starting',
      'processing',
      'succeeded',
    ]);
    expect(replicate.billedCount()).toBe(1);
    expect(replicate.requests[0]).toMatchObject({ method: 'POST', headers: { prefer: 'wait=5' } });
  });

  it('serves a succeeded output as a 512x512 JPEG that depends only on the seed', async () => {
    const replicate = await start({ queueMs: 0, runMs: 0 });
    const first = await createPrediction(replicate, kontextInput({ seed: 1 }));
    const again = await createPrediction(replicate, kontextInput({ seed: 1, prompt: 'other' }));
    const other = await createPrediction(replicate, kontextInput({ seed: 2 }));
    const download = async (url: string | null) => Buffer.from(await (await fetch(url ?? 'missing')).arrayBuffer());

    const bytes = await download(first.output);
    const meta = await sharp(bytes).metadata();

    expect(first.output).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/files\/out\/[a-z2-7]{26}\.jpg$/);
    expect(meta).toMatchObject({ format: 'jpeg', width: 512, height: 512 });
    expect((await download(again.output)).equals(bytes)).toBe(true);
    expect((await download(other.output)).equals(bytes)).toBe(false);
  });

  it('fails prompts matching filterPrompts with E005 and every k-th prediction with PA, billing neither', async () => {
    const replicate = await start({ queueMs: 0, runMs: 0, filterPrompts: /nude/i, interruptEvery: 3 });
    const filtered = await createPrediction(replicate, kontextInput({ prompt: 'NUDE beach' }));
    const fine = await createPrediction(replicate);
    const interrupted = await createPrediction(replicate);

    expect(filtered).toMatchObject({ status: 'failed', error: E005_SENSITIVE, output: null });
    expect(fine.status).toBe('succeeded');
    expect(interrupted).toMatchObject({ status: 'failed', error: PA_INTERRUPTED });
    expect(replicate.billedCount()).toBe(1);
  });

  it('lets outcomeFor script any ending, with n counting predictions from 1', async () => {
    const replicate = await start({
      queueMs: 0,
      runMs: 0,
      outcomeFor: (_input, n) => (n === 2 ? { failed: 'CUDA out of memory' } : n === 3 ? 'canceled' : undefined),
    });
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await createPrediction(replicate)).status);

    expect(statuses).toEqual(['succeeded', 'failed', 'canceled']);
    expect(replicate.predictions[1]?.statusHistory.at(-1)).toMatchObject({ status: 'failed' });
  });
});

describe('fake Replicate: cancelling', () => {
  it('aborts, unbilled, a prediction whose Cancel-After deadline passes before it starts', async () => {
    const replicate = await start({ queueMs: 10_000, runMs: 4_000 });
    const created = await createPrediction(replicate, kontextInput(), { 'cancel-after': '5s' });
    clock.advance(5_000);
    const aborted = await getPrediction(replicate, created.id);

    expect(aborted).toMatchObject({ status: 'aborted', started_at: null, output: null });
    expect(replicate.predictions[0]).toMatchObject({ cancelAfterMs: 5_000, isBilled: false });
  });

  it('cancels a prediction whose Cancel-After deadline passes while it runs', async () => {
    const replicate = await start({ queueMs: 1_000, runMs: 60_000 });
    const created = await createPrediction(replicate, kontextInput(), { 'cancel-after': '1m' });
    clock.advance(59_999);
    expect((await getPrediction(replicate, created.id)).status).toBe('processing');
    clock.advance(1);

    expect(await getPrediction(replicate, created.id)).toMatchObject({ status: 'canceled', output: null });
    expect(replicate.billedCount()).toBe(0);
  });

  it('rejects a malformed Cancel-After without creating anything', async () => {
    const replicate = await start();
    const result = await callFake(replicate, 'POST', CREATE_PATH, {
      body: { input: kontextInput() },
      headers: { 'cancel-after': 'soon' },
    });

    expect(result.status).toBe(400);
    expect(replicate.createdCount()).toBe(0);
  });

  it('cancels a running prediction on POST /cancel, and leaves an ended one as it was', async () => {
    const replicate = await start({ queueMs: 0, runMs: 10_000 });
    const running = await createPrediction(replicate);
    clock.advance(2_000);
    const canceled = await callFake(replicate, 'POST', `/predictions/${running.id}/cancel`);
    clock.advance(20_000);
    const ended = await createPrediction(replicate, kontextInput(), {});
    clock.advance(10_000);
    const noOp = await callFake(replicate, 'POST', `/predictions/${ended.id}/cancel`);

    expect(canceled.status).toBe(200);
    expect(PredictionJson.parse(canceled.json).status).toBe('canceled');
    expect((await getPrediction(replicate, running.id)).status).toBe('canceled');
    expect(PredictionJson.parse(noOp.json).status).toBe('succeeded');
    expect(replicate.billedCount()).toBe(1);
  });
});

describe('fake Replicate: sync mode', () => {
  it('answers at once with the current state when maxRealWaitMs is 0 (the default)', async () => {
    const replicate = await start();
    const created = await createPrediction(replicate, kontextInput(), { prefer: 'wait=60' });

    expect(created.status).toBe('starting');
  });

  it('holds a Prefer: wait create open until scripted time ends the prediction', async () => {
    const replicate = await start({ maxRealWaitMs: 10_000 });
    const pending = createPrediction(replicate, kontextInput(), { prefer: 'wait=30' });
    await clock.runWhile(() => replicate.createdCount() === 0);
    clock.advance(5_000);

    expect((await pending).status).toBe('succeeded');
  });
});

describe('fake Replicate: listing', () => {
  it('pages 250 predictions newest first, 100 at a time, each with its input', async () => {
    const replicate = await start();
    for (let seed = 0; seed < 250; seed += 1) {
      await createPrediction(replicate, kontextInput({ seed }));
      clock.advance(10);
    }
    const pages = [];
    let next: string | null = '/predictions';
    while (next !== null) {
      const page = PageJson.parse((await callFake(replicate, 'GET', next)).json);
      pages.push(page);
      next = page.next;
    }
    const seeds = pages.flatMap((page) => page.results.map((p) => p.input['seed']));
    const back = PageJson.parse((await callFake(replicate, 'GET', pages[2]?.previous ?? 'missing')).json);

    expect(pages.map((page) => page.results.length)).toEqual([100, 100, 50]);
    expect(seeds).toEqual(Array.from({ length: 250 }, (_, i) => 249 - i));
    expect(pages[0]?.previous).toBeNull();
    expect(back.results.map((p) => p.id)).toEqual(pages[1]?.results.map((p) => p.id));
  });
});
