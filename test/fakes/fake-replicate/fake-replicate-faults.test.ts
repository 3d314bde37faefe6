import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../fake-clock.js';
import { callFake, createPrediction, getPrediction, kontextInput, PageJson, ProblemJson } from './call-fake.js';
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

describe('fake Replicate: refused creates', () => {
  it('answers 401 problem+json for a missing or wrong token', async () => {
    const replicate = await start();
    const missing = await callFake(replicate, 'POST', CREATE_PATH, { token: null, body: { input: kontextInput() } });
    const wrong = await callFake(replicate, 'GET', '/predictions', { token: 'r8_wrong' });

    expect(missing.status).toBe(401);
    expect(missing.headers.get('content-type')).toBe('application/problem+json');
    expect(ProblemJson.parse(missing.json)).toMatchObject({ title: 'Unauthenticated', status: 401 });
    expect(ProblemJson.parse(wrong.json).detail).toBe('You did not pass a valid authentication token');
  });

  it('answers 402 without credit, 404 for an unknown model and 422 naming a missing input', async () => {
    const replicate = await start({ hasNoCredit: true });
    const broke = await callFake(replicate, 'POST', CREATE_PATH, { body: { input: kontextInput() } });
    replicate.script.hasNoCredit = false;
    const unknown = await callFake(replicate, 'POST', '/models/acme/nope/predictions', { body: { input: {} } });
    const invalid = await callFake(replicate, 'POST', CREATE_PATH, {
      body: { input: kontextInput({ input_image: undefined }) },
    });

    expect([broke.status, unknown.status, invalid.status]).toEqual([402, 404, 422]);
    expect(ProblemJson.parse(broke.json).title).toBe('Billing required');
    expect(ProblemJson.parse(invalid.json).detail).toContain('input_image is required');
    expect(replicate.createdCount()).toBe(0);
  });

  it('throttles the next N creates with 429 and Retry-After, creating no prediction for them', async () => {
    const replicate = await start({ rateLimit: { remaining: 2, retryAfterS: 7 } });
    const first = await callFake(replicate, 'POST', CREATE_PATH, { body: { input: kontextInput() } });
    await callFake(replicate, 'POST', CREATE_PATH, { body: { input: kontextInput() } });
    const third = await createPrediction(replicate);

    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('7');
    expect(ProblemJson.parse(first.json)).toMatchObject({
      detail: 'Request was throttled. Your rate limit resets in ~7s.',
      status: 429,
    });
    expect(third.status).toBe('succeeded');
    expect(replicate.createdCount()).toBe(1);
  });
});

describe('fake Replicate: ambiguous creates', () => {
  it('answers 500 for a create that did make a prediction, which is then listed, runs and bills once', async () => {
    const replicate = await start({ queueMs: 1_000, runMs: 1_000, failCreateAfterCreating: 1 });
    const result = await callFake(replicate, 'POST', CREATE_PATH, { body: { input: kontextInput({ seed: 99 }) } });
    const listed = PageJson.parse((await callFake(replicate, 'GET', '/predictions')).json).results;
    clock.advance(2_000);

    expect(result.status).toBe(500);
    expect(listed).toHaveLength(1);
    expect(listed[0]?.input).toMatchObject({ seed: 99 });
    expect((await getPrediction(replicate, listed[0]?.id ?? '')).status).toBe('succeeded');
    expect(replicate.billedCount()).toBe(1);
  });

  it('drops the connection for dropCreateResponse, leaving the prediction created', async () => {
    const replicate = await start({ dropCreateResponse: [2] });
    await createPrediction(replicate);

    await expect(createPrediction(replicate)).rejects.toThrow();
    expect(replicate.createdCount()).toBe(2);
  });
});

describe('fake Replicate: flaky reads and outputs', () => {
  it('answers 503 to the next N GETs, then recovers', async () => {
    const replicate = await start();
    const created = await createPrediction(replicate);
    replicate.script.getErrors = 2;
    const statuses = [];
    for (let i = 0; i < 3; i += 1)
      statuses.push((await callFake(replicate, 'GET', `/predictions/${created.id}`)).status);

    expect(statuses).toEqual([503, 503, 200]);
  });

  it('404s an output after expireOutputs() and marks the prediction data_removed', async () => {
    const replicate = await start();
    const created = await createPrediction(replicate);
    expect((await fetch(created.output ?? 'missing')).status).toBe(200);
    replicate.expireOutputs();

    expect((await fetch(created.output ?? 'missing')).status).toBe(404);
    expect(await getPrediction(replicate, created.id)).toMatchObject({ data_removed: true, output: null });
  });

  it('expires outputs outputTtlMs after completion, in scripted time', async () => {
    const replicate = await start({ outputTtlMs: 60 * 60 * 1_000 });
    const created = await createPrediction(replicate);
    clock.advance(60 * 60 * 1_000 - 1);
    expect((await fetch(created.output ?? 'missing')).status).toBe(200);
    clock.advance(1);

    expect((await fetch(created.output ?? 'missing')).status).toBe(404);
  });

  it('serves truncated and corrupt bytes that no JPEG decoder accepts', async () => {
    const replicate = await start({ outputFaultFor: (_input, n) => (n === 1 ? 'truncated' : 'corrupt') });
    const truncated = await createPrediction(replicate);
    const corrupt = await createPrediction(replicate);
    const bytesOf = async (url: string | null) => Buffer.from(await (await fetch(url ?? 'missing')).arrayBuffer());

    await expect(
      sharp(await bytesOf(truncated.output))
        .raw()
        .toBuffer(),
    ).rejects.toThrow();
    await expect(sharp(await bytesOf(corrupt.output)).metadata()).rejects.toThrow();
  });

  it('stalls an output download halfway for outputDelayMs, then completes it', async () => {
    const replicate = await start({ outputDelayMs: 30 });
    const created = await createPrediction(replicate);
    const response = await fetch(created.output ?? 'missing');
    const totalBytes = Number(response.headers.get('content-length'));
    const chunks: Uint8Array[] = [];
    for await (const chunk of response.body ?? []) chunks.push(chunk);

    expect(chunks[0]?.length).toBeLessThan(totalBytes);
    expect((await sharp(Buffer.concat(chunks)).metadata()).format).toBe('jpeg');
  });
});
