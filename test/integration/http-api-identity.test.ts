import { readFile } from 'node:fs/promises';
import { z } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { parseActorId } from '../../src/domain/actors/actor-id.js';
import { ActorSchema } from '../../src/interfaces/http/schemas.js';
import { expectError, expectJson, send, uploadActor, useTestHttp, basePng, pngFile } from '../support/test-http.js';
import { generate } from '../support/test-troupe.js';

const openHttp = useTestHttp();
const ACTOR = parseActorId('0001_test_actor');
const Created = z.object({
  actor: ActorSchema,
  identity: z.object({ isChecking: z.boolean(), notice: z.string().nullable() }),
});
const Identity = z.object({
  isChecking: z.boolean(),
  notice: z.string().nullable(),
  references: z.array(z.object({ id: z.string(), source: z.string() })),
  baseImage: z.object({ width: z.number(), height: z.number(), faceBox: z.object({ width: z.number() }).nullable() }),
  verdicts: z.record(z.string(), z.object({ verdict: z.string(), distance: z.number().nullable(), text: z.string() })),
  setAside: z.array(z.object({ id: z.string(), distance: z.number(), url: z.string() })),
});
const photo = async () =>
  new File([new Uint8Array(await readFile('test/fixtures/faces/actor.jpg'))], 'actor.jpg', { type: 'image/jpeg' });

describe('identity over HTTP', () => {
  it('says at once when a base image shows no face, and takes a reference upload to turn the check on', async () => {
    const h = await openHttp();
    const created = await expectJson(
      await uploadActor(h.app, { id: ACTOR }, pngFile(await basePng(h.t))),
      201,
      Created,
    );
    expect(created.identity.isChecking).toBe(false);
    expect(created.identity.notice).toMatch(/no face the detector can find/);
    const form = new FormData();
    form.set('image', pngFile(await basePng(h.t)));
    await expectError(
      await h.app.request(`/api/actors/${ACTOR}/references`, { method: 'POST', body: form }),
      400,
      'INVALID_IMAGE',
      /shows no face/,
    );
    form.set('image', await photo());
    expect((await h.app.request(`/api/actors/${ACTOR}/references`, { method: 'POST', body: form })).status).toBe(201);
    const identity = await expectJson(await send(h.app, 'GET', `/api/actors/${ACTOR}/identity`), 200, Identity);
    expect(identity).toMatchObject({ isChecking: true, notice: null, references: [{ source: 'added' }] });
  }, 120_000);

  it('lists verdicts and set-aside outputs, serves one, and keeps it anyway into the set', async () => {
    const h = await openHttp();
    const created = await expectJson(
      await uploadActor(h.app, { id: ACTOR, descriptor: 'woman' }, await photo()),
      201,
      Created,
    );
    expect(created.identity).toEqual({ isChecking: true, notice: null });
    const job = await generate(h.t, { count: 6, types: 'photorealistic', scenario: 'drift' });
    const identity = await expectJson(await send(h.app, 'GET', `/api/actors/${ACTOR}/identity`), 200, Identity);
    expect(Object.keys(identity.verdicts)).toHaveLength(6);
    expect(Object.values(identity.verdicts).every((v) => v.verdict === 'same_person')).toBe(true);
    expect(identity.baseImage.faceBox).not.toBeNull();
    expect(identity.setAside.length).toBeGreaterThan(0);
    const item = identity.setAside[0]!;
    const image = await h.app.request(item.url);
    expect(image.headers.get('content-type')).toBe('image/jpeg');
    const kept = await expectJson(
      await send(h.app, 'POST', `/api/actors/${ACTOR}/off-model/${item.id}/keep`),
      200,
      z.object({ fileName: z.string(), imageId: z.string() }),
    );
    expect(kept.fileName).toBe(`${ACTOR}_${job.completedImages + 1}.jpg`);
    const after = await expectJson(await send(h.app, 'GET', `/api/actors/${ACTOR}/identity`), 200, Identity);
    expect(after.verdicts[kept.imageId]?.verdict).toBe('different_person');
    expect(after.setAside.map((s) => s.id)).not.toContain(item.id);
    await expectError(await send(h.app, 'POST', `/api/actors/${ACTOR}/off-model/${item.id}/keep`), 404, 'NOT_FOUND');
  }, 240_000);
});
