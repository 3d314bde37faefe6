import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../fake-clock.js';
import { callFake, createPrediction, kontextInput, PageJson } from './call-fake.js';
import type { FakeScript } from './fake-script.js';
import { startFakeReplicate, type FakeReplicate } from './fake-replicate-server.js';

const CREATE_PATH = '/models/black-forest-labs/flux-kontext-pro/predictions';

let fake: FakeReplicate | undefined;
let clock: FakeClock;

async function start(script: Partial<FakeScript> = {}): Promise<FakeReplicate> {
  clock = new FakeClock();
  fake = await startFakeReplicate({ now: () => clock.now(), script: { queueMs: 0, runMs: 0, ...script } });
  return fake;
}

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('fake Replicate: the fault scripts of the paid-success suite', () => {
  it('damages only the first downloads of a prediction when the fault counts downloads', async () => {
    const replicate = await start({
      outputFaultFor: (_input, _n, download) => (download <= 2 ? 'corrupt' : undefined),
    });
    const created = await createPrediction(replicate);
    const formats: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const bytes = Buffer.from(await (await fetch(created.output ?? 'missing')).arrayBuffer());
      formats.push(
        await sharp(bytes)
          .metadata()
          .then((m) => m.format ?? 'none')
          .catch(() => 'broken'),
      );
    }
    expect(formats).toEqual(['broken', 'broken', 'jpeg']);
  });

  it('resets a download halfway through a body whose whole length it declared', async () => {
    const replicate = await start({ outputFault: 'reset' });
    const created = await createPrediction(replicate);
    const response = await fetch(created.output ?? 'missing');
    expect(Number(response.headers.get('content-length'))).toBeGreaterThan(1000);
    await expect(response.arrayBuffer()).rejects.toThrow();
  });

  it('answers 503 to API GETs while an outage holds, in scripted time', async () => {
    let until = 0;
    const replicate = await start({ getErrorWhile: (now) => now < until });
    until = clock.now() + 10_000;
    const created = await createPrediction(replicate);
    const during = await callFake(replicate, 'GET', `/predictions/${created.id}`);
    clock.advance(10_000);
    const after = await callFake(replicate, 'GET', `/predictions/${created.id}`);
    expect([during.status, after.status]).toEqual([503, 200]);
  });

  it('leaves a prediction out of the listing until listLagMs after its creation', async () => {
    const replicate = await start({ listLagMs: 30_000 });
    await createPrediction(replicate);
    const early = PageJson.parse((await callFake(replicate, 'GET', '/predictions')).json);
    clock.advance(30_000);
    const late = PageJson.parse((await callFake(replicate, 'GET', '/predictions')).json);
    expect([early.results.length, late.results.length]).toEqual([0, 1]);
  });

  it('throttles every k-th create for as long as the storm is scripted, creating nothing for those', async () => {
    const replicate = await start({ throttleEvery: { every: 2, retryAfterS: 1 } });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      statuses.push((await callFake(replicate, 'POST', CREATE_PATH, { body: { input: kontextInput() } })).status);
    }
    expect(statuses).toEqual([201, 429, 201, 429, 201, 429]);
    expect(replicate.createdCount()).toBe(3);
  });

  it('bills each succeeded prediction at the scripted price, and nothing else', async () => {
    const replicate = await start({
      priceMicroUsd: 55_000,
      outcomeFor: (_input, n) => (n === 2 ? { failed: 'x' } : undefined),
    });
    for (let i = 0; i < 3; i += 1) await createPrediction(replicate);
    expect(replicate.billedCount()).toBe(2);
    expect(replicate.billedMicroUsd()).toBe(110_000);
  });
});
