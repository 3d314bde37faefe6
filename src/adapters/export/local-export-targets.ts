import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ExportStaging, ExportTargets } from '../../app/ports.js';
import { TroupeError, invalidInput } from '../../domain/errors/troupe-error.js';
import { FolderStaging } from './folder-staging.js';
import { ZipStaging } from './zip-staging.js';

const STAGING_MARK = '.troupe-export-';

/**
 * Exports on local disk, staged in a hidden sibling of the target (same folder, so the final rename is atomic):
 * an interrupted export leaves no half-written target, and the next export to that folder clears the leftovers.
 */
export class LocalExportTargets implements ExportTargets {
  async open(target: string, container: 'folder' | 'zip', options: { isReplacing: boolean }): Promise<ExportStaging> {
    const finalPath = path.resolve(target);
    const parent = path.dirname(finalPath);
    const existing = await stat(finalPath).catch(() => undefined);
    if (existing && !options.isReplacing) {
      throw invalidInput(
        `Export target ${finalPath} already exists: choose another --out, or pass --force to replace it.`,
      );
    }
    if (existing && (container === 'zip') !== existing.isFile()) {
      throw invalidInput(
        `Export target ${finalPath} is a ${existing.isFile() ? 'file' : 'folder'}, and this export writes a ${container === 'zip' ? 'zip file' : 'folder'}: choose another --out.`,
      );
    }
    await this.ensureParent(parent);
    await clearLeftovers(parent, path.basename(finalPath));
    const stagingPath = path.join(
      parent,
      `${STAGING_MARK}${path.basename(finalPath)}-${randomBytes(4).toString('hex')}${container === 'zip' ? '.zip' : ''}`,
    );
    try {
      return container === 'zip'
        ? await ZipStaging.create(stagingPath, finalPath)
        : await FolderStaging.create(stagingPath, finalPath);
    } catch (error) {
      throw unwritable(parent, error);
    }
  }

  private async ensureParent(parent: string): Promise<void> {
    try {
      await mkdir(parent, { recursive: true });
    } catch (error) {
      throw unwritable(parent, error);
    }
  }
}

function unwritable(folder: string, error: unknown): TroupeError {
  const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  const why =
    code === 'EACCES' || code === 'EPERM'
      ? 'permission denied'
      : code === 'ENOTDIR' || code === 'EEXIST'
        ? 'a file is in the way'
        : code;
  return new TroupeError(
    'STORAGE',
    `Cannot write the export into ${folder} (${why}): choose an --out in a writable folder.`,
    {
      cause: error,
    },
  );
}

async function clearLeftovers(parent: string, baseName: string): Promise<void> {
  const names = await readdir(parent).catch(() => [] as string[]);
  for (const name of names) {
    if (name.startsWith(`${STAGING_MARK}${baseName}-`))
      await rm(path.join(parent, name), { recursive: true, force: true });
  }
}
