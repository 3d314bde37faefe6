import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from '@hono/zod-openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHttp, expectError, expectJson, send, type TestHttp } from '../support/test-http.js';
import { ACTOR_ID, addTestActor, generate, openTestTroupe, removeTestTroupe } from '../support/test-troupe.js';
import { readZip } from '../support/trainer-readers.js';

const Listing = z.object({
  trigger: z.string(),
  captionClass: z.string(),
  captions: z.array(
    z.object({
      imageId: z.string(),
      fileName: z.string(),
      caption: z.string(),
      body: z.string(),
      source: z.string(),
      isPinned: z.boolean(),
    }),
  ),
});

let h: TestHttp;
beforeAll(async () => {
  const t = await openTestTroupe();
  await addTestActor(t);
  await generate(t, { count: 10, scenario: 'perfect' });
  h = await createTestHttp(t);
}, 120_000);
afterAll(async () => {
  await h.tail.stop();
  await removeTestTroupe(h.t);
});

describe('captions and pins over HTTP', () => {
  it('lists, edits, replaces and pins', async () => {
    const listed = await expectJson(await h.app.request(`/api/actors/${ACTOR_ID}/captions`), 200, Listing);
    expect(listed.captions).toHaveLength(10);
    expect(listed.captions.every((c) => c.caption.startsWith(`${listed.trigger} woman, `))).toBe(true);
    const first = listed.captions[0]!;
    const saved = await expectJson(
      await send(h.app, 'PUT', `/api/actors/${ACTOR_ID}/images/${first.imageId}/caption`, {
        caption: 'on a pier at dawn',
      }),
      200,
      Listing,
    );
    expect(saved.captions[0]).toMatchObject({ body: 'on a pier at dawn', source: 'edited' });
    const replaced = await expectJson(
      await send(h.app, 'POST', `/api/actors/${ACTOR_ID}/captions/replace`, { find: 'pier', replace: 'jetty' }),
      200,
      Listing.extend({ changed: z.number() }),
    );
    expect(replaced.changed).toBe(1);
    expect(replaced.captions[0]!.caption).toBe(`${listed.trigger} woman, on a jetty at dawn`);
    const pinned = await expectJson(
      await send(h.app, 'POST', `/api/actors/${ACTOR_ID}/images/pins`, { imageIds: [first.imageId], isPinned: true }),
      200,
      Listing,
    );
    expect(pinned.captions.filter((c) => c.isPinned).map((c) => c.imageId)).toEqual([first.imageId]);
    await expectError(
      await send(h.app, 'POST', `/api/actors/${ACTOR_ID}/images/pins`, { imageIds: ['nope'], isPinned: true }),
      404,
      'NOT_FOUND',
    );
  });

  it('the actor carries its trigger word, which PATCH changes', async () => {
    const Actor = z.object({ actor: z.object({ triggerWord: z.string(), isTriggerWordDefault: z.boolean() }) });
    const before = await expectJson(await h.app.request(`/api/actors/${ACTOR_ID}`), 200, Actor);
    expect(before.actor.isTriggerWordDefault).toBe(true);
    const after = await expectJson(
      await send(h.app, 'PATCH', `/api/actors/${ACTOR_ID}`, { triggerWord: 'ohwx' }),
      200,
      Actor,
    );
    expect(after.actor).toEqual({ triggerWord: 'ohwx', isTriggerWordDefault: false });
    await expectError(
      await send(h.app, 'PATCH', `/api/actors/${ACTOR_ID}`, { triggerWord: 'a b' }),
      400,
      'INVALID_INPUT',
    );
  });
});

describe('POST /api/actors/{id}/export', () => {
  it('downloads the kohya folder as a zip a trainer can unpack', async () => {
    const res = await send(h.app, 'POST', `/api/actors/${ACTOR_ID}/export`, {
      format: 'kohya',
      trigger: 'ohwx',
      repeats: 5,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${ACTOR_ID}-kohya.zip"`);
    const file = path.join(os.tmpdir(), `troupe-export-test-${process.pid}.zip`);
    await writeFile(file, new Uint8Array(await res.arrayBuffer()));
    const entries = await readZip(file);
    expect(entries.get('dataset.toml')!.toString()).toContain('image_dir = "img/5_ohwx woman"');
    const images = [...entries.keys()].filter((n) => n.startsWith('img/5_ohwx woman/') && n.endsWith('.jpg'));
    expect(images).toHaveLength(10);
    for (const image of images) expect(entries.has(image.replace(/\.jpg$/, '.txt'))).toBe(true);
  });

  it('an unknown format or actor is a clear error', async () => {
    await expectError(
      await send(h.app, 'POST', `/api/actors/${ACTOR_ID}/export`, { format: 'safetensors' }),
      400,
      'INVALID_INPUT',
      /use one of kohya, ai-toolkit, replicate, jsonl/,
    );
    await expectError(
      await send(h.app, 'POST', `/api/actors/0042_nobody/export`, { format: 'kohya' }),
      404,
      'NOT_FOUND',
    );
  });
});
