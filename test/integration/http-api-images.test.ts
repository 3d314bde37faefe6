import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { z } from '@hono/zod-openapi';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImageSchema } from '../../src/interfaces/http/schemas.js';
import { createTestHttp, dataPath, expectError, expectJson, useTestHttp, type TestHttp } from '../support/test-http.js';
import {
  ACTOR_ID,
  addTestActor,
  generate,
  openTestTroupe,
  readManifest,
  removeTestTroupe,
} from '../support/test-troupe.js';

const ImagesBody = z.object({ images: z.array(ImageSchema) });
const openHttp = useTestHttp();

/** One finished job (3 photorealistic, 2 black-and-white images), shared by the read-only tests. */
let shared: TestHttp;
beforeAll(async () => {
  const t = await openTestTroupe();
  await addTestActor(t);
  await generate(t, { types: 'photorealistic=3,bw_stylized=2', scenario: 'perfect' });
  shared = await createTestHttp(t);
});
afterAll(async () => {
  await shared.tail.stop();
  await removeTestTroupe(shared.t);
});

const listImages = async (h: TestHttp, query = '') =>
  (await expectJson(await h.app.request(`/api/actors/${ACTOR_ID}/images${query}`), 200, ImagesBody)).images;

describe('GET /api/actors/{id}/images', () => {
  it('lists the images by number, with their URLs', async () => {
    const images = await listImages(shared);
    expect(images.map((i) => i.number)).toEqual([1, 2, 3, 4, 5]);
    expect(images.map((i) => i.fileName)).toEqual([1, 2, 3, 4, 5].map((n) => `${ACTOR_ID}_${n}.jpg`));
    for (const image of images) {
      expect(image.url).toBe(`/api/actors/${ACTOR_ID}/images/${image.id}/original`);
      expect(image.thumbnailUrl).toBe(`/api/actors/${ACTOR_ID}/images/${image.id}/thumbnail`);
      expect(image.sizeBytes).toBeGreaterThan(0);
    }
  });

  it('sorts by -number and filters by type', async () => {
    expect((await listImages(shared, '?sort=-number')).map((i) => i.number)).toEqual([5, 4, 3, 2, 1]);
    const bw = await listImages(shared, '?type=bw_stylized');
    expect(bw).toHaveLength(2);
    expect(bw.every((i) => i.type === 'bw_stylized')).toBe(true);
    expect(await listImages(shared, '?type=color_stylized')).toEqual([]);
  });

  it('pages: limit and offset, the total and the next offset, in the same order as one page', async () => {
    const Page = ImagesBody.extend({ total: z.number(), nextOffset: z.number().nullable() });
    const page = async (q: string) =>
      expectJson(await shared.app.request(`/api/actors/${ACTOR_ID}/images${q}`), 200, Page);
    const first = await page('?limit=2');
    expect(first.images.map((i) => i.number)).toEqual([1, 2]);
    expect(first).toMatchObject({ total: 5, nextOffset: 2 });
    const last = await page('?limit=2&offset=4');
    expect(last.images.map((i) => i.number)).toEqual([5]);
    expect(last.nextOffset).toBeNull();
    expect((await page('?sort=-number&limit=2&offset=2')).images.map((i) => i.number)).toEqual([3, 2]);
    expect(await page('?type=bw_stylized&limit=1')).toMatchObject({ total: 2, nextOffset: 1 });
    await expectError(await shared.app.request(`/api/actors/${ACTOR_ID}/images?limit=501`), 400, 'INVALID_INPUT');
  });

  it('refuses an unknown type or sort (400) and an unknown actor (404)', async () => {
    const images = (q: string) => shared.app.request(`/api/actors/${ACTOR_ID}/images${q}`);
    await expectError(
      await images('?type=nope'),
      400,
      'INVALID_INPUT',
      /type "nope" is not an image type: use photorealistic, bw_stylized or color_stylized/,
    );
    await expectError(await images('?sort=size'), 400, 'INVALID_INPUT', /sort/);
    await expectError(await shared.app.request('/api/actors/0009_nobody/images'), 404, 'NOT_FOUND');
  });
});

describe('GET /api/actors/{id}/images/{imageId}/thumbnail and /original', () => {
  it('serves a JPEG thumbnail of at most 320 px, cached on disk and identical the second time', async () => {
    const [image] = await listImages(shared);
    const first = await shared.app.request(image!.thumbnailUrl);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('image/jpeg');
    const bytes = Buffer.from(await first.arrayBuffer());
    const meta = await sharp(bytes).metadata();
    expect(meta.format).toBe('jpeg');
    expect(Math.max(meta.width!, meta.height!)).toBeLessThanOrEqual(320);
    const row = await shared.t.troupe.deps.images.get(image!.id);
    const cacheFile = dataPath(shared.t, 'cache', 'thumbnails', `${row!.sha256}.jpg`);
    expect(await readFile(cacheFile)).toEqual(bytes);
    const second = Buffer.from(await (await shared.app.request(image!.thumbnailUrl)).arrayBuffer());
    expect(second.equals(bytes)).toBe(true);
  });

  it('serves the original with the bytes on disk', async () => {
    const [, image] = await listImages(shared);
    const res = await shared.app.request(image!.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    const onDisk = await readFile(dataPath(shared.t, 'actors', ACTOR_ID, 'training_data', image!.fileName));
    expect(Buffer.from(await res.arrayBuffer()).equals(onDisk)).toBe(true);
  });

  it('answers 404 for an unknown image', async () => {
    await expectError(
      await shared.app.request(`/api/actors/${ACTOR_ID}/images/img_nope/original`),
      404,
      'NOT_FOUND',
      /Image img_nope of actor 0001_test_actor not found/,
    );
    await expectError(await shared.app.request(`/api/actors/${ACTOR_ID}/images/img_nope/thumbnail`), 404, 'NOT_FOUND');
  });
});

describe('DELETE /api/actors/{id}/images/{imageId}', () => {
  it('deletes the file, the row, the thumbnail and the manifest entry: 204, then 404', async () => {
    const h = await openHttp();
    await addTestActor(h.t);
    await generate(h.t, { count: 2, scenario: 'perfect' });
    const [image, kept] = await listImages(h);
    await h.app.request(image!.thumbnailUrl);
    const row = await h.t.troupe.deps.images.get(image!.id);
    expect((await readManifest(h.t)).total_images).toBe(2);

    const res = await h.app.request(`/api/actors/${ACTOR_ID}/images/${image!.id}`, { method: 'DELETE' });
    expect(res.status).toBe(204);
    expect(existsSync(dataPath(h.t, 'actors', ACTOR_ID, 'training_data', image!.fileName))).toBe(false);
    expect(existsSync(dataPath(h.t, 'cache', 'thumbnails', `${row!.sha256}.jpg`))).toBe(false);
    expect(await h.t.troupe.deps.images.get(image!.id)).toBeUndefined();
    expect((await listImages(h)).map((i) => i.id)).toEqual([kept!.id]);
    const manifest = await readManifest(h.t);
    expect(manifest.total_images).toBe(1);
    expect(Object.keys(manifest.images)).toEqual([kept!.fileName]);

    const again = await h.app.request(`/api/actors/${ACTOR_ID}/images/${image!.id}`, { method: 'DELETE' });
    await expectError(again, 404, 'NOT_FOUND', new RegExp(`Image ${image!.id} of actor ${ACTOR_ID} not found`));
  });

  it("answers 404 for another actor's image and leaves it alone", async () => {
    const h = await openHttp();
    await addTestActor(h.t);
    await addTestActor(h.t, '0002_other');
    await generate(h.t, { count: 1, scenario: 'perfect' });
    const [image] = await listImages(h);
    const wrongActor = `/api/actors/0002_other/images/${image!.id}`;
    await expectError(
      await h.app.request(wrongActor, { method: 'DELETE' }),
      404,
      'NOT_FOUND',
      /of actor 0002_other not found/,
    );
    await expectError(await h.app.request(`${wrongActor}/original`), 404, 'NOT_FOUND');
    expect(await h.t.troupe.deps.images.get(image!.id)).toBeDefined();
    expect(existsSync(dataPath(h.t, 'actors', ACTOR_ID, 'training_data', image!.fileName))).toBe(true);
    expect((await readManifest(h.t)).total_images).toBe(1);
  });
});
