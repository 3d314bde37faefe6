import path from 'node:path';
import { TroupeError } from '../../domain/errors/troupe-error.js';

/**
 * Refuses keys that could address something outside a store: empty keys, `..`, `.` or empty segments, absolute
 * paths, backslashes and NUL. Every store checks keys here, so local disk and S3 accept exactly the same ones.
 */
export function assertSafeKey(key: string): void {
  const isSuspicious = key.length === 0 || key.includes('\0') || key.includes('\\') || path.isAbsolute(key);
  if (isSuspicious || key.split('/').some((s) => s === '..' || s === '.' || s === '')) {
    throw new TroupeError(
      'STORAGE',
      `Refusing storage key "${key}": it must be a relative path inside the store, without "..", "." or empty segments.`,
    );
  }
}

/**
 * Resolves a store key under `root`, refusing anything that would leave it. Keys come from validated ids, but this
 * is the last line of defence for every file Troupe touches.
 */
export function resolveUnder(root: string, key: string): string {
  assertSafeKey(key);
  const resolved = path.resolve(root, ...key.split('/'));
  const base = path.resolve(root);
  if (resolved !== base && !resolved.startsWith(base + path.sep)) {
    throw new TroupeError('STORAGE', `Refusing storage key "${key}": it resolves outside the data directory.`);
  }
  return resolved;
}
