import { sha256Hex } from '../hashing/sha256-hex.js';
import { access, mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { BlobStat, BlobStore } from '../../app/ports.js';
import { TroupeError } from '../../domain/errors/troupe-error.js';
import { writeFileAtomic } from './atomic-write.js';
import { resolveUnder } from './safe-path.js';

/** Blobs as files under the data directory; keys map to relative paths. */
export class LocalBlobStore implements BlobStore {
  constructor(private readonly root: string) {}

  async put(key: string, bytes: Uint8Array): Promise<void> {
    await this.guard(key, 'write', () => writeFileAtomic(resolveUnder(this.root, key), bytes));
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    const file = resolveUnder(this.root, key);
    try {
      return await readFile(file);
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw storageError(key, 'read', error);
    }
  }

  async move(fromKey: string, toKey: string): Promise<void> {
    const target = resolveUnder(this.root, toKey);
    await this.guard(toKey, 'move', async () => {
      await mkdir(path.dirname(target), { recursive: true });
      await rename(resolveUnder(this.root, fromKey), target);
    });
  }

  async delete(key: string): Promise<void> {
    await this.guard(key, 'delete', () => rm(resolveUnder(this.root, key), { force: true }));
  }

  async deleteTree(prefix: string): Promise<void> {
    await this.guard(prefix, 'delete', () =>
      rm(resolveUnder(this.root, prefix.replace(/\/$/, '')), { recursive: true, force: true }),
    );
  }

  async list(prefix: string): Promise<string[]> {
    const folder = resolveUnder(this.root, prefix.replace(/\/$/, ''));
    try {
      const entries = await readdir(folder, { withFileTypes: true });
      return entries
        .filter((e) => e.isFile())
        .map((e) => e.name)
        .sort();
    } catch (error) {
      if (isMissing(error)) return [];
      throw storageError(prefix, 'list', error);
    }
  }

  async exists(key: string): Promise<boolean> {
    const file = resolveUnder(this.root, key);
    try {
      await access(file);
      return true;
    } catch {
      return false;
    }
  }

  async stat(key: string): Promise<BlobStat | undefined> {
    const bytes = await this.get(key);
    if (bytes === undefined) return undefined;
    return { sizeBytes: bytes.byteLength, sha256: sha256Hex(bytes) };
  }

  private async guard(key: string, action: string, work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (error instanceof TroupeError) throw error;
      throw storageError(key, action, error);
    }
  }
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}

function storageError(key: string, action: string, error: unknown): TroupeError {
  const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  return new TroupeError(
    'STORAGE',
    `Could not ${action} ${key} in the data directory (${reason}). Check that it exists and is writable (TROUPE_DATA_DIR).`,
    {
      cause: error,
    },
  );
}
