import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ExportStaging } from '../../app/ports.js';
import { safeRelativePath } from './safe-relative-path.js';

/** A folder export: files go into a hidden staging folder that is renamed to the target at the end. */
export class FolderStaging implements ExportStaging {
  private constructor(
    private readonly stagingPath: string,
    private readonly finalPath: string,
  ) {}

  static async create(stagingPath: string, finalPath: string): Promise<FolderStaging> {
    await mkdir(stagingPath);
    return new FolderStaging(stagingPath, finalPath);
  }

  async write(relativePath: string, bytes: Uint8Array): Promise<void> {
    const file = path.join(this.stagingPath, safeRelativePath(relativePath));
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, bytes);
  }

  get targetPath(): string {
    return this.finalPath;
  }

  async commit(): Promise<void> {
    const old = `${this.stagingPath}-old-${randomBytes(3).toString('hex')}`;
    const isReplacing = await rename(this.finalPath, old).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return false;
        throw error;
      },
    );
    try {
      await rename(this.stagingPath, this.finalPath);
    } catch (error) {
      if (isReplacing) await rename(old, this.finalPath);
      throw error;
    }
    if (isReplacing) await rm(old, { recursive: true, force: true });
  }

  async abort(): Promise<void> {
    await rm(this.stagingPath, { recursive: true, force: true });
  }
}
