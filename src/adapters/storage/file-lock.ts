import { hostname } from 'node:os';
import { open, readFile, rm, stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { TroupeError } from '../../domain/errors/troupe-error.js';

export interface FileLockOptions {
  /** A lock older than this is taken over: no holder keeps one this long (a manifest write takes milliseconds). */
  readonly staleMs: number;
  /** How often a waiter looks again. */
  readonly retryMs: number;
  /** How long to wait for a live holder before giving up. */
  readonly timeoutMs: number;
}

const DEFAULTS: FileLockOptions = { staleMs: 15_000, retryMs: 15, timeoutMs: 60_000 };

/**
 * Runs `work` while holding `lockPath`, a file created exclusively (O_EXCL), so one process at a time on this
 * machine (or on a shared local disk) does it. A lock left by a dead process on this host, or older than `staleMs`,
 * is taken over. Waiting is a short poll: holders keep the lock for milliseconds.
 */
export async function withFileLock<T>(
  lockPath: string,
  work: () => Promise<T>,
  options: Partial<FileLockOptions> = {},
): Promise<T> {
  const settings = { ...DEFAULTS, ...options };
  const token = `${hostname()} ${process.pid} ${Date.now()} ${Math.random().toString(36).slice(2)}`;
  await acquire(lockPath, token, settings);
  try {
    return await work();
  } finally {
    await release(lockPath, token);
  }
}

async function acquire(lockPath: string, token: string, settings: FileLockOptions): Promise<void> {
  const startedAt = Date.now();
  for (;;) {
    try {
      const handle = await open(lockPath, 'wx');
      try {
        await handle.writeFile(token);
      } finally {
        await handle.close();
      }
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (await isStale(lockPath, settings.staleMs)) {
      await rm(lockPath, { force: true });
      continue;
    }
    if (Date.now() - startedAt > settings.timeoutMs) {
      const holder = await readFile(lockPath, 'utf8').catch(() => 'unknown');
      throw new TroupeError(
        'STORAGE',
        `${lockPath} has been held for over ${Math.round(settings.timeoutMs / 1000)} s by another process (${holder.split(' ').slice(0, 2).join(' pid ')}): stop it, or delete the lock file if that process is gone.`,
        { isRetryable: true },
      );
    }
    await sleep(settings.retryMs);
  }
}

/** A holder on this host that no longer runs, or a lock older than any write could take. */
async function isStale(lockPath: string, staleMs: number): Promise<boolean> {
  const [text, info] = await Promise.all([
    readFile(lockPath, 'utf8').catch(() => undefined),
    stat(lockPath).catch(() => undefined),
  ]);
  if (text === undefined || info === undefined) return false;
  if (Date.now() - info.mtimeMs > staleMs) return true;
  const [host, pid] = text.split(' ');
  return host === hostname() && pid !== undefined && !isRunning(Number(pid));
}

function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the lock only while it is still ours (a holder judged stale may have lost it to another). */
async function release(lockPath: string, token: string): Promise<void> {
  const text = await readFile(lockPath, 'utf8').catch(() => undefined);
  if (text === token) await rm(lockPath, { force: true });
}
