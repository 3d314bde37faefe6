import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3BlobStore } from '../../src/adapters/storage/s3/s3-blob-store.js';
import { isS3Unavailable } from '../../src/adapters/storage/s3/s3-errors.js';
import { createS3Client, type S3Settings } from '../../src/adapters/storage/s3/s3-settings.js';
import { startS3rver, type S3rverProcess } from '../support/s3rver-process.js';

let server: S3rverProcess;
const clients: S3Client[] = [];
beforeAll(async () => {
  server = await startS3rver();
});
afterAll(async () => {
  for (const client of clients) client.destroy();
  await server.stop();
});

function storeWith(overrides: Partial<S3Settings> = {}): { store: S3BlobStore; client: S3Client } {
  const settings = server.settings(overrides);
  const client = createS3Client(settings);
  clients.push(client);
  return { store: new S3BlobStore(settings, client), client };
}

const bytes = (value: string): Uint8Array => new TextEncoder().encode(value);
const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

describe('S3BlobStore on a real S3 server', () => {
  it('lists and deletes folders of more than 1,000 objects, a page at a time', async () => {
    const { store } = storeWith({ prefix: 'many' });
    const names = Array.from({ length: 1_050 }, (_, i) => `img_${String(i).padStart(4, '0')}.jpg`);
    for (let start = 0; start < names.length; start += 50) {
      await Promise.all(names.slice(start, start + 50).map((name) => store.put(`big/${name}`, bytes(name))));
    }
    await store.put('big/sub/deeper.jpg', bytes('deeper'));

    expect(await store.list('big')).toEqual(names);
    await store.deleteTree('big');
    expect(await store.list('big')).toEqual([]);
    expect(await store.exists('big/sub/deeper.jpg')).toBe(false);
  });

  it('records the content type and sha256 with each object, and keeps them through a move', async () => {
    const { store, client } = storeWith({ prefix: 'meta/' });
    await store.put('a/photo.JPG', bytes('jpeg bytes'));
    await store.move('a/photo.JPG', 'b/photo.JPG');
    const head = await client.send(new HeadObjectCommand({ Bucket: server.bucket, Key: 'meta/b/photo.JPG' }));
    expect(head.ContentType).toBe('image/jpeg');
    expect(head.Metadata?.['sha256']).toBe(sha256(bytes('jpeg bytes')));
    expect(store.urlFor('b/photo.JPG')).toBe(`s3://${server.bucket}/meta/b/photo.JPG`);
  });

  it('hashes an object another tool uploaded without the sha256 metadata', async () => {
    const { store, client } = storeWith({ prefix: 'foreign/' });
    const body = bytes('uploaded by hand');
    await client.send(new PutObjectCommand({ Bucket: server.bucket, Key: 'foreign/x/hand.png', Body: body }));
    expect(await store.stat('x/hand.png')).toEqual({ sizeBytes: body.byteLength, sha256: sha256(body) });
  });

  it('uploads streamed bodies intact through the configured client', async () => {
    const { store, client } = storeWith({ prefix: 'stream/' });
    const body = Buffer.alloc(300_000, 'troupe');
    await client.send(
      new PutObjectCommand({
        Bucket: server.bucket,
        Key: 'stream/s.bin',
        Body: Readable.from([body]),
        ContentLength: body.byteLength,
      }),
    );
    expect(await store.stat('s.bin')).toEqual({ sizeBytes: body.byteLength, sha256: sha256(body) });
  });

  it('names AWS_ACCESS_KEY_ID when the credentials are wrong', async () => {
    const { store } = storeWith({ credentials: { accessKeyId: 'WRONG', secretAccessKey: 'WRONG' } });
    for (const call of [() => store.put('a/b.jpg', bytes('x')), () => store.get('a/b.jpg'), () => store.exists('a')]) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'TroupeError', code: 'STORAGE', isRetryable: false });
      expect((error as Error).message).toContain('AWS_ACCESS_KEY_ID');
      expect(isS3Unavailable(error)).toBe(true);
    }
  });

  it('names S3_BUCKET when the bucket does not exist, even for a HEAD that only sees 404', async () => {
    const { store } = storeWith({ bucket: 'no-such-bucket' });
    for (const call of [() => store.put('a/b.jpg', bytes('x')), () => store.list('a'), () => store.exists('a')]) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'STORAGE', message: expect.stringContaining('S3_BUCKET') });
      expect(isS3Unavailable(error)).toBe(true);
    }
  });

  it('reports full access when everything works, leaving no probe behind', async () => {
    const { store } = storeWith({ prefix: 'doctor' });
    const report = await store.checkAccess();
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => [c.name, c.ok])).toEqual([
      ['reachable', true],
      ['credentials', true],
      ['bucket', true],
      ['writable', true],
    ]);
    expect(await store.list('.troupe-doctor')).toEqual([]);
  });

  it('reports which check failed and which setting to fix', async () => {
    const wrongKey = await storeWith({ credentials: { accessKeyId: 'NO', secretAccessKey: 'NO' } }).store.checkAccess();
    expect(wrongKey.ok).toBe(false);
    expect(wrongKey.checks.find((c) => !c.ok)).toMatchObject({
      name: 'credentials',
      detail: expect.stringContaining('AWS_ACCESS_KEY_ID'),
    });

    const noBucket = await storeWith({ bucket: 'no-such-bucket' }).store.checkAccess();
    expect(noBucket.checks.find((c) => !c.ok)).toMatchObject({
      name: 'bucket',
      detail: expect.stringContaining('S3_BUCKET'),
    });
  });
});

describe('S3BlobStore when the server goes down', () => {
  it('says S3_ENDPOINT is unreachable, and works again once the server is back', async () => {
    const { store } = storeWith({ prefix: 'outage' });
    await store.put('kept.jpg', bytes('before'));
    await server.stop();
    try {
      const error = await store.get('kept.jpg').catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'STORAGE', isRetryable: true });
      expect((error as Error).message).toMatch(/unreachable.*S3_ENDPOINT/);
      expect(isS3Unavailable(error)).toBe(true);
      const report = await store.checkAccess();
      expect(report.checks[0]).toMatchObject({ name: 'reachable', ok: false });
      expect(report.checks[0]?.detail).toContain('S3_ENDPOINT');
    } finally {
      await server.restart();
    }
    expect(new TextDecoder().decode(await store.get('kept.jpg'))).toBe('before');
  });
});
