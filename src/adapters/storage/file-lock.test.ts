import { mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Manifest } from '../../domain/manifest/manifest.js';
import { withFileLock } from './file-lock.js';
import { JsonManifestStore } from './json-manifest-store.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'troupe-lock-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const manifestOf = (total: number) => ({ total_images: total, images: {} }) as unknown as Manifest;

describe('JsonManifestStore.writeLatest', () => {
  it('lets a second writer (another store, as another process has) project only after the first has written', async () => {
    const [first, second] = [new JsonManifestStore(dir), new JsonManifestStore(dir)];
    let database = 1;
    const order: string[] = [];
    const firstProjecting = deferred();
    const gate = deferred();
    const a = first.writeLatest('0001_manifest.json', async () => {
      const seen = database;
      order.push(`first projects ${seen}`);
      firstProjecting.resolve();
      await gate.promise;
      return manifestOf(seen);
    });
    await firstProjecting.promise;
    database = 2;
    const b = second.writeLatest('0001_manifest.json', async () => {
      order.push(`second projects ${database}`);
      return manifestOf(database);
    });
    // Time for an unguarded second writer to overtake the first, as it did before the lock.
    setTimeout(gate.resolve, 50);
    await Promise.all([a, b]);
    expect(order).toEqual(['first projects 1', 'second projects 2']);
    const onDisk = JSON.parse(await readFile(path.join(dir, '0001_manifest.json'), 'utf8')) as Manifest;
    expect(onDisk.total_images).toBe(2);
    await expect(readFile(path.join(dir, '0001_manifest.json.lock'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('withFileLock', () => {
  it('takes over a lock left by a process of this host that is gone', async () => {
    const lock = path.join(dir, 'x.lock');
    await writeFile(lock, `${hostname()} 2147483646 0 dead`);
    expect(await withFileLock(lock, async () => 'ran', { timeoutMs: 1000 })).toBe('ran');
  });

  it('takes over a lock older than any write takes, whoever holds it', async () => {
    const lock = path.join(dir, 'x.lock');
    await writeFile(lock, 'other-host 1 0 old');
    const old = new Date(Date.now() - 60_000);
    await utimes(lock, old, old);
    expect(await withFileLock(lock, async () => 'ran', { timeoutMs: 1000, staleMs: 15_000 })).toBe('ran');
  });

  it('gives up on a live holder with a STORAGE error naming the lock and the holder', async () => {
    const lock = path.join(dir, 'x.lock');
    await writeFile(lock, `${hostname()} ${process.pid} 0 alive`);
    await expect(withFileLock(lock, async () => 'ran', { timeoutMs: 40, retryMs: 5 })).rejects.toMatchObject({
      code: 'STORAGE',
      message: expect.stringContaining(`pid ${process.pid}`),
    });
    expect(await readFile(lock, 'utf8')).toBe(`${hostname()} ${process.pid} 0 alive`);
  });
});
