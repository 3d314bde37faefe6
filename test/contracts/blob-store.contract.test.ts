import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { BlobStore } from '../../src/app/ports.js';
import { LocalBlobStore } from '../../src/adapters/storage/local-blob-store.js';
import { S3BlobStore } from '../../src/adapters/storage/s3/s3-blob-store.js';
import { createS3Client } from '../../src/adapters/storage/s3/s3-settings.js';
import { startS3rver, type S3rverProcess } from '../support/s3rver-process.js';

interface StoreUnderTest {
  readonly store: BlobStore;
  /** What the backend holds outside the store, with content: a refused key must leave it exactly as it was. */
  outside(): Promise<string[]>;
  dispose(): Promise<void>;
}

let s3rver: Promise<S3rverProcess> | undefined;
afterAll(async () => {
  await (await s3rver)?.stop();
});

let storeCount = 0;
const adapters: Record<string, () => Promise<StoreUnderTest>> = {
  local: async () => {
    const parent = await mkdtemp(path.join(os.tmpdir(), 'troupe-blobs-'));
    await mkdir(path.join(parent, 'data'));
    await writeFile(path.join(parent, 'outside.txt'), 'keep me');
    return {
      store: new LocalBlobStore(path.join(parent, 'data')),
      outside: async () => {
        const entries = await readdir(parent, { recursive: true, withFileTypes: true });
        const files = entries.filter((e) => e.isFile() && !e.parentPath.startsWith(path.join(parent, 'data')));
        return Promise.all(files.map(async (e) => `${e.name}=${await readFile(path.join(e.parentPath, e.name))}`));
      },
      dispose: () => rm(parent, { recursive: true, force: true }),
    };
  },
  s3: async () => {
    s3rver ??= startS3rver();
    const server = await s3rver;
    storeCount += 1;
    const prefix = `contract-${storeCount}/`;
    const client = createS3Client(server.settings());
    await new S3BlobStore(server.settings(), client).put('outside.txt', new TextEncoder().encode('keep me'));
    return {
      store: new S3BlobStore(server.settings({ prefix }), client),
      outside: async () => {
        const listing = await client.send(new ListObjectsV2Command({ Bucket: server.bucket }));
        const keys = (listing.Contents ?? []).map((o) => `${o.Key}=${o.ETag}`);
        return keys.filter((key) => !key.startsWith(prefix));
      },
      dispose: async () => client.destroy(),
    };
  },
};

describe.each(Object.keys(adapters))('BlobStore contract: %s', (name) => {
  let current: StoreUnderTest | undefined;
  const make = async (): Promise<BlobStore> => {
    current = await adapters[name]!();
    return current.store;
  };
  afterEach(async () => {
    await current?.dispose();
    current = undefined;
  });

  it('gives back a 1.5 MB upload byte for byte', async () => {
    const store = await make();
    const bytes = seededBytes(1_500_000, 7);
    await store.put('actors/0001_x/training_data/0001_x_photorealistic_1.jpg', bytes);
    const back = await store.get('actors/0001_x/training_data/0001_x_photorealistic_1.jpg');
    expect(back?.byteLength).toBe(bytes.byteLength);
    expect(Buffer.compare(Buffer.from(back!), bytes)).toBe(0);
  });

  it('overwrites a key with new bytes', async () => {
    const store = await make();
    await store.put('a/file.json', text('{"v":1}'));
    await store.put('a/file.json', text('{"v":22}'));
    expect(await textAt(store, 'a/file.json')).toBe('{"v":22}');
    expect((await store.stat('a/file.json'))?.sizeBytes).toBe(8);
  });

  it('answers undefined or false for a missing key', async () => {
    const store = await make();
    expect(await store.get('a/missing.jpg')).toBeUndefined();
    expect(await store.stat('a/missing.jpg')).toBeUndefined();
    expect(await store.exists('a/missing.jpg')).toBe(false);
  });

  it('moves a key, overwriting the target, and refuses to move a missing one', async () => {
    const store = await make();
    await store.put('a/from.jpg', text('moved'));
    await store.put('b/to.jpg', text('old'));
    await store.move('a/from.jpg', 'b/to.jpg');
    expect(await textAt(store, 'b/to.jpg')).toBe('moved');
    expect(await store.exists('a/from.jpg')).toBe(false);
    await expect(store.move('a/from.jpg', 'c/to.jpg')).rejects.toMatchObject({ code: 'STORAGE' });
  });

  it('keeps a key moved onto itself', async () => {
    const store = await make();
    await store.put('a/same.jpg', text('same'));
    await store.move('a/same.jpg', 'a/same.jpg');
    expect(await textAt(store, 'a/same.jpg')).toBe('same');
  });

  it('deletes idempotently', async () => {
    const store = await make();
    await store.put('a/gone.jpg', text('x'));
    await store.delete('a/gone.jpg');
    await store.delete('a/gone.jpg');
    await store.delete('never/was.jpg');
    expect(await store.exists('a/gone.jpg')).toBe(false);
  });

  it('deletes a whole folder, and only that folder', async () => {
    const store = await make();
    await store.put('actors/1/a.jpg', text('a'));
    await store.put('actors/1/deep/b.jpg', text('b'));
    await store.put('actors/10/c.jpg', text('c'));
    await store.deleteTree('actors/1/');
    expect(await store.exists('actors/1/a.jpg')).toBe(false);
    expect(await store.exists('actors/1/deep/b.jpg')).toBe(false);
    expect(await textAt(store, 'actors/10/c.jpg')).toBe('c');
    await store.deleteTree('actors/nothing');
  });

  it('lists the files directly in a folder, sorted', async () => {
    const store = await make();
    for (const key of ['f/b.jpg', 'f/a.jpg', 'f/C.png', 'f/sub/c.jpg', 'fx/d.jpg']) await store.put(key, text(key));
    expect(await store.list('f')).toEqual(['C.png', 'a.jpg', 'b.jpg']);
    expect(await store.list('f/')).toEqual(['C.png', 'a.jpg', 'b.jpg']);
    expect(await store.list('f/sub')).toEqual(['c.jpg']);
    expect(await store.list('missing')).toEqual([]);
  });

  it('reports existence, size and sha256', async () => {
    const store = await make();
    const bytes = seededBytes(40_000, 3);
    await store.put('s/photo.webp', bytes);
    expect(await store.exists('s/photo.webp')).toBe(true);
    expect(await store.stat('s/photo.webp')).toEqual({
      sizeBytes: 40_000,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
  });

  it('refuses keys that could leave the store, without touching anything', async () => {
    const store = await make();
    await store.put('inside/keep.jpg', text('inside'));
    const before = await current!.outside();
    const bad = ['../outside.txt', 'a/../../outside.txt', '/etc/passwd', 'a\\..\\b', 'a\0b', 'a//b', './a', '', '..'];
    for (const key of bad) {
      for (const op of [
        () => store.put(key, text('evil')),
        () => store.get(key),
        () => store.delete(key),
        () => store.deleteTree(key),
        () => store.list(key),
        () => store.exists(key),
        () => store.stat(key),
        () => store.move('inside/keep.jpg', key),
        () => store.move(key, 'inside/stolen.jpg'),
      ]) {
        await expect(op(), `key ${JSON.stringify(key)}`).rejects.toMatchObject({ code: 'STORAGE' });
      }
    }
    expect(await current!.outside()).toEqual(before);
    expect(await textAt(store, 'inside/keep.jpg')).toBe('inside');
    expect(await store.exists('inside/stolen.jpg')).toBe(false);
  });
});

function text(value: string): Uint8Array {
  return new TextEncoder().encode(value);
}

async function textAt(store: BlobStore, key: string): Promise<string | undefined> {
  const bytes = await store.get(key);
  return bytes === undefined ? undefined : new TextDecoder().decode(bytes);
}

/** Incompressible bytes that are the same on every run (mulberry32). */
function seededBytes(size: number, seed: number): Buffer {
  const bytes = Buffer.alloc(size);
  let state = seed >>> 0;
  for (let i = 0; i < size; i += 1) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    bytes[i] = ((t ^ (t >>> 14)) >>> 0) & 0xff;
  }
  return bytes;
}
