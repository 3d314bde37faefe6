import path from 'node:path';
import { TroupeError } from '../../domain/errors/troupe-error.js';

/**
 * Resolves a store key under `root`, refusing anything that would leave it (`..`, absolute paths, backslashes,
 * NUL). Keys come from validated ids, but this is the last line of defence for every file Troupe touches.
 */
export function resolveUnder(root: string, key: string): string {
  const isSuspicious = key.length === 0 || key.includes('\0') || key.includes('\\') || path.isAbsolute(key);
  const segments = key.split('/');
  if (isSuspicious || segments.some((s) => s === '..' || s === '.' || s === '')) {
    throw new TroupeError(
      'STORAGE',
      `Refusing storage key "${key}": it must be a relative path inside the data directory.`,
    );
  }
  const resolved = path.resolve(root, ...segments);
  const base = path.resolve(root);
  if (resolved !== base && !resolved.startsWith(base + path.sep)) {
    throw new TroupeError('STORAGE', `Refusing storage key "${key}": it resolves outside the data directory.`);
  }
  return resolved;
}
