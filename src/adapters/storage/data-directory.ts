import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { TroupeError } from '../../domain/errors/troupe-error.js';

/**
 * Makes sure the data directory exists and can hold files, or says why not. Folders are created one level at a time
 * from the nearest existing ancestor: Node's recursive mkdir spins forever on a path under /proc, where mkdir answers
 * ENOENT however often it is asked.
 */
export async function ensureDataDirectory(dataDir: string): Promise<void> {
  const missing: string[] = [];
  let existing = path.resolve(dataDir);
  while (!(await isPresent(existing))) {
    missing.unshift(existing);
    const parent = path.dirname(existing);
    if (parent === existing) break;
    existing = parent;
  }
  try {
    for (const folder of missing) await mkdir(folder);
    await probeWrite(dataDir);
  } catch (error) {
    throw cannotUse(dataDir, error);
  }
}

async function isPresent(folder: string): Promise<boolean> {
  try {
    await stat(folder);
    return true;
  } catch {
    return false;
  }
}

/** A folder can exist and still refuse files (/proc, a read-only mount): write and remove one to know. */
async function probeWrite(dataDir: string): Promise<void> {
  const probe = path.join(dataDir, `.troupe-write-check-${process.pid}`);
  await writeFile(probe, '');
  await rm(probe, { force: true });
}

function cannotUse(dataDir: string, error: unknown): TroupeError {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const why =
    code === 'EEXIST' || code === 'ENOTDIR'
      ? 'it is a file, not a folder'
      : code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : code === 'EROFS'
          ? 'it is on a read-only file system'
          : code === 'ENOENT'
            ? 'the file system there cannot hold folders or files'
            : `it cannot hold files (${code || String(error)})`;
  return new TroupeError(
    'INVALID_CONFIG',
    `Cannot use data directory ${path.resolve(dataDir)}: ${why}. Set TROUPE_DATA_DIR to a writable folder.`,
    { cause: error },
  );
}
