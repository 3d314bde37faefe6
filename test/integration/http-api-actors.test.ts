import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { z } from '@hono/zod-openapi';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ActorSchema, JobSchema } from '../../src/interfaces/http/schemas.js';
import { parseActorId } from '../../src/domain/actors/actor-id.js';
import { ACTOR_ID, addTestActor, generate, readManifest } from '../support/test-troupe.js';
import {
  basePng,
  dataPath,
  expectError,
  expectJson,
  pngFile,
  pngOf,
  send,
  uploadActor,
  useTestHttp,
  type TestHttp,
} from '../support/test-http.js';

const openHttp = useTestHttp();
const ActorBody = z.object({ actor: ActorSchema });

/** Nothing of a refused upload is left: no row besides `keep`, no folder, no manifest. */
async function expectNoTraces({ t }: TestHttp, keep: string[] = []): Promise<void> {
  expect((await t.troupe.listActors()).map((a) => a.id)).toEqual(keep);
  const folders = existsSync(dataPath(t, 'actors')) ? await readdir(dataPath(t, 'actors')) : [];
  expect(folders.sort()).toEqual(keep);
  const manifests = existsSync(dataPath(t, 'actor_manifests')) ? await readdir(dataPath(t, 'actor_manifests')) : [];
  expect(manifests).toEqual(keep.map((id) => `${id.split('_')[0]}_manifest.json`));
}

describe('POST /api/actors (multipart upload)', () => {
  it('creates the actor: 201 with its summary, the base image as a JPEG, and the manifest', async () => {
    const h = await openHttp();
    const res = await uploadActor(
      h.app,
      { id: ACTOR_ID, descriptor: 'Woman', name: 'Luna' },
      pngFile(await basePng(h.t)),
    );
    const { actor } = await expectJson(res, 201, ActorBody);
    expect(actor).toMatchObject({
      id: ACTOR_ID,
      name: 'Luna',
      descriptor: 'woman',
      imageCount: 0,
      lastJob: null,
      baseImageUrl: `/api/actors/${ACTOR_ID}/base-image`,
    });
    expect(actor.countsByType).toEqual({ photorealistic: 0, bw_stylized: 0, color_stylized: 0 });
    expect(actor.createdAt).toBe(new Date(h.t.clock.now()).toISOString());

    const image = await h.app.request(actor.baseImageUrl);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/jpeg');
    const meta = await sharp(Buffer.from(await image.arrayBuffer())).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 640, height: 800 });
    expect(existsSync(dataPath(h.t, 'actors', ACTOR_ID, 'base_image', `${ACTOR_ID}_base.jpg`))).toBe(true);
    expect(await readManifest(h.t)).toMatchObject({
      actor_id: ACTOR_ID,
      name: 'Luna',
      descriptor: 'woman',
      total_images: 0,
    });
    expect(h.loggedErrors).toEqual([]);
  });

  it('refuses an invalid id, naming it and the rule', async () => {
    const h = await openHttp();
    const res = await uploadActor(h.app, { id: '../x' }, pngFile(await basePng(h.t)));
    await expectError(res, 400, 'INVALID_ACTOR_ID', /Actor id "\.\.\/x" is invalid: use 1-64 lowercase letters/);
    await expectNoTraces(h);
  });

  it('refuses a form without the file, naming the baseImage field', async () => {
    const h = await openHttp();
    await expectError(
      await uploadActor(h.app, { id: ACTOR_ID }),
      400,
      'INVALID_INPUT',
      /baseImage: attach the base image as a file/,
    );
    await expectNoTraces(h);
  });

  it('refuses a text file posing as a JPEG, naming the upload', async () => {
    const h = await openHttp();
    const res = await uploadActor(h.app, { id: ACTOR_ID }, new File(['hello'], 'x.jpg', { type: 'image/jpeg' }));
    await expectError(
      res,
      400,
      'INVALID_IMAGE',
      /Base image x\.jpg is not a readable image: use a JPEG, PNG or WebP file/,
    );
    await expectNoTraces(h);
  });

  it('refuses an image that is too small, saying its size and the minimum', async () => {
    const h = await openHttp();
    const res = await uploadActor(h.app, { id: ACTOR_ID }, pngFile(await pngOf(100, 100), 'tiny.png'));
    await expectError(
      res,
      400,
      'INVALID_IMAGE',
      /Base image tiny\.png cannot be used: it is 100x100 px; each side must be at least 256 px/,
    );
    await expectNoTraces(h);
  });

  it('refuses an upload over the body limit with 413', async () => {
    const h = await openHttp();
    const huge = new File([new Uint8Array(30 * 1024 * 1024 + 64 * 1024 + 1)], 'huge.png', { type: 'image/png' });
    await expectError(
      await uploadActor(h.app, { id: ACTOR_ID }, huge),
      413,
      'PAYLOAD_TOO_LARGE',
      /larger than \d+ bytes/,
    );
    await expectNoTraces(h);
  });

  it('refuses an existing id (409 ACTOR_EXISTS) and a clashing manifest prefix (409 MANIFEST_CONFLICT)', async () => {
    const h = await openHttp();
    await addTestActor(h.t);
    const png = await basePng(h.t);
    await expectError(
      await uploadActor(h.app, { id: ACTOR_ID }, pngFile(png)),
      409,
      'ACTOR_EXISTS',
      /Actor 0001_test_actor already exists/,
    );
    const clash = await uploadActor(h.app, { id: '0001_other' }, pngFile(png));
    await expectError(
      clash,
      409,
      'MANIFEST_CONFLICT',
      /would share the manifest 0001_manifest\.json with actor 0001_test_actor/,
    );
    await expectNoTraces(h, [ACTOR_ID]);
  });
});

describe('GET /api/actors and /api/actors/{id}', () => {
  it('lists every actor with its summary', async () => {
    const h = await openHttp();
    await addTestActor(h.t);
    await addTestActor(h.t, '0002_second');
    const { actors } = await expectJson(
      await h.app.request('/api/actors'),
      200,
      z.object({ actors: z.array(ActorSchema) }),
    );
    expect(actors.map((a) => [a.id, a.descriptor, a.imageCount])).toEqual([
      [ACTOR_ID, 'woman', 0],
      ['0002_second', 'woman', 0],
    ]);
  });

  it('shows one actor, with its last job', async () => {
    const h = await openHttp();
    await addTestActor(h.t);
    const job = await h.t.troupe.createJob({ actorId: ACTOR_ID, count: 2, providerOptions: { scenario: 'perfect' } });
    const { actor } = await expectJson(await h.app.request(`/api/actors/${ACTOR_ID}`), 200, ActorBody);
    expect(actor).toMatchObject({ id: ACTOR_ID, name: ACTOR_ID, imageCount: 0 });
    expect(JobSchema.parse(actor.lastJob)).toMatchObject({ id: job.id, status: 'queued', requestedImages: 2 });
  });

  it('answers 404 for an unknown actor and 400 for an invalid id', async () => {
    const h = await openHttp();
    await expectError(await h.app.request('/api/actors/0009_nobody'), 404, 'NOT_FOUND', /Actor 0009_nobody not found/);
    await expectError(await h.app.request('/api/actors/Bad-Id'), 400, 'INVALID_ACTOR_ID', /"Bad-Id" is invalid/);
    await expectError(await h.app.request('/api/actors/0009_nobody/base-image'), 404, 'NOT_FOUND');
  });
});

describe('PATCH /api/actors/{id}', () => {
  it('changes the descriptor and the name, in the answer, the database and the manifest', async () => {
    const h = await openHttp();
    await addTestActor(h.t);
    const res = await send(h.app, 'PATCH', `/api/actors/${ACTOR_ID}`, { descriptor: ' Man ', name: 'Leo' });
    expect((await expectJson(res, 200, ActorBody)).actor).toMatchObject({
      id: ACTOR_ID,
      descriptor: 'man',
      name: 'Leo',
    });
    expect(await h.t.troupe.getActorOrThrow(ACTOR_ID)).toMatchObject({ descriptor: 'man', name: 'Leo' });
    expect(await readManifest(h.t)).toMatchObject({ descriptor: 'man', name: 'Leo' });
  });

  it('refuses a bad descriptor, an unknown field and an unknown actor, changing nothing', async () => {
    const h = await openHttp();
    await addTestActor(h.t);
    await expectError(
      await send(h.app, 'PATCH', `/api/actors/${ACTOR_ID}`, { descriptor: '<script>' }),
      400,
      'INVALID_INPUT',
      /Descriptor "<script>" is invalid/,
    );
    await expectError(await send(h.app, 'PATCH', `/api/actors/${ACTOR_ID}`, { age: 3 }), 400, 'INVALID_INPUT', /age/);
    await expectError(await send(h.app, 'PATCH', '/api/actors/0009_nobody', { name: 'X' }), 404, 'NOT_FOUND');
    expect(await h.t.troupe.getActorOrThrow(ACTOR_ID)).toMatchObject({ descriptor: 'woman', name: ACTOR_ID });
  });
});

describe('DELETE /api/actors/{id}', () => {
  it('deletes the actor with its files and thumbnails: 204, then 404', async () => {
    const h = await openHttp();
    await addTestActor(h.t);
    await addTestActor(h.t, '0002_second');
    await generate(h.t, { count: 1, scenario: 'perfect' });
    const [image] = await h.t.troupe.listImages(parseActorId(ACTOR_ID));
    expect((await h.app.request(`/api/actors/${ACTOR_ID}/images/${image!.id}/thumbnail`)).status).toBe(200);
    expect(await readdir(dataPath(h.t, 'cache', 'thumbnails'))).toEqual([`${image!.sha256}.jpg`]);
    const res = await h.app.request(`/api/actors/${ACTOR_ID}`, { method: 'DELETE' });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    await expectError(await h.app.request(`/api/actors/${ACTOR_ID}`), 404, 'NOT_FOUND');
    await expectError(await h.app.request(`/api/actors/${ACTOR_ID}`, { method: 'DELETE' }), 404, 'NOT_FOUND');
    expect(existsSync(dataPath(h.t, 'actors', ACTOR_ID))).toBe(false);
    expect(existsSync(dataPath(h.t, 'actor_manifests', '0001_manifest.json'))).toBe(false);
    expect(await readdir(dataPath(h.t, 'cache', 'thumbnails'))).toEqual([]);
    expect(await h.t.troupe.deps.images.get(image!.id)).toBeUndefined();
    await expectNoTraces(h, ['0002_second']);
  });

  it('refuses (409) while one of its jobs is queued or processing', async () => {
    const h = await openHttp();
    await addTestActor(h.t);
    const job = await h.t.troupe.createJob({ actorId: ACTOR_ID, count: 2 });
    const refused = await h.app.request(`/api/actors/${ACTOR_ID}`, { method: 'DELETE' });
    await expectError(
      refused,
      409,
      'JOB_STATE',
      new RegExp(`1 unfinished job\\(s\\) \\(${job.id}\\): cancel them first`),
    );
    await h.t.troupe.deps.jobs.update(job.id, { status: 'processing' });
    await expectError(await h.app.request(`/api/actors/${ACTOR_ID}`, { method: 'DELETE' }), 409, 'JOB_STATE');
    expect(existsSync(dataPath(h.t, 'actors', ACTOR_ID, 'base_image'))).toBe(true);
    expect((await h.app.request(`/api/actors/${ACTOR_ID}`)).status).toBe(200);
  });
});
