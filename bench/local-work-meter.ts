// Measures the engine's own work on each kept image, by category, on the product's code path: it wraps the methods
// of the adapters a job already uses (provider download, image checks, file writes, numbering, manifest) with a
// timer and changes nothing else. Calls of one image run one after another, so their sum over a job divided by the
// images kept is the mean local work per image (time spent waiting on the event loop included, as a user would see).
import type { Troupe } from '../src/app/troupe.js';

export const LOCAL_WORK = ['download', 'checks', 'write', 'number', 'manifest'] as const;
export type LocalWorkKind = (typeof LOCAL_WORK)[number];
export type LocalWork = Record<LocalWorkKind, number>;

export function emptyLocalWork(): LocalWork {
  return { download: 0, checks: 0, write: 0, number: 0, manifest: 0 };
}

/** Starts metering `troupe`'s adapters; the returned object fills in as the job runs. */
export function meterLocalWork(troupe: Troupe, provider: string): LocalWork {
  const totals = emptyLocalWork();
  const { deps } = troupe;
  const isImageKey = (key: unknown) => typeof key === 'string' && /^(incoming|actors\/[^/]+\/training_data)/.test(key);
  time(totals, deps.providers.create(provider, {}), 'fetchOutput', 'download');
  time(totals, deps.inspector, 'inspect', 'checks');
  time(totals, deps.inspector, 'toJpeg', 'checks');
  time(totals, deps.inspector, 'sha256', 'checks');
  for (const method of ['put', 'get', 'move', 'exists'] as const) time(totals, deps.blobs, method, 'write', isImageKey);
  time(totals, deps.blobs, 'list', 'number', isImageKey);
  time(totals, deps.successes, 'recordSuccess', 'number');
  time(totals, deps.manifests, 'write', 'manifest');
  time(totals, deps.images, 'listByActor', 'manifest');
  time(totals, deps.jobs, 'list', 'manifest');
  return totals;
}

function time<T extends object>(
  totals: LocalWork,
  target: T,
  method: keyof T & string,
  kind: LocalWorkKind,
  isCounted: (firstArg: unknown) => boolean = () => true,
): void {
  const original = target[method] as (...args: unknown[]) => unknown;
  const timed = (...args: unknown[]) => {
    const started = performance.now();
    const record = () => {
      if (isCounted(args[0])) totals[kind] += performance.now() - started;
    };
    const result = original.apply(target, args);
    // Synchronous methods (sha256) stay synchronous: the caller uses their value at once.
    if (result instanceof Promise) return result.finally(record);
    record();
    return result;
  };
  Object.defineProperty(target, method, { value: timed, configurable: true, writable: true });
}
