import type { Clock, ImageProvider, Logger, RunRequest, RunState } from '../ports.js';
import { backoffMs } from '../../domain/generation/retry-backoff.js';

export interface ReconcilePolicy {
  /**
   * After this the run cannot exist unseen: a prediction created by the lost call would have been listed and would
   * have ended (its Cancel-After deadline plus a margin) by then.
   */
  readonly deadlineMs: number;
  readonly firstBackoffMs: number;
  readonly maxBackoffMs: number;
  /** Looks made before giving up early once the job is stopping (canceled, or has its images). */
  readonly looksWhenStopping: number;
  readonly isStopping: () => boolean;
}

/**
 * Looks for the run a create call may have started although its answer was lost (matched by seed and prompt).
 * Listing can lag behind a create, so it keeps looking, backing off, until the run is found or the deadline proves
 * none exists; a failed listing is just one more look. Undefined means: no run exists, starting again is safe.
 */
export async function reconcileCreate(
  deps: { readonly clock: Clock; readonly logger: Logger },
  provider: ImageProvider,
  request: RunRequest,
  createdAfterMs: number,
  policy: ReconcilePolicy,
  log: Readonly<Record<string, unknown>>,
): Promise<RunState | undefined> {
  for (let look = 1; ; look += 1) {
    try {
      const found = await provider.findRun(request, createdAfterMs);
      if (found) {
        deps.logger.info({ ...log, runId: found.runId, look }, 'found the run of an unconfirmed create');
        return found;
      }
    } catch (error) {
      deps.logger.warn({ ...log, look }, `listing runs failed: ${(error as Error).message}`);
    }
    const leftMs = policy.deadlineMs - deps.clock.now();
    if (leftMs <= 0) return undefined;
    if (policy.isStopping() && look >= policy.looksWhenStopping) return undefined;
    await deps.clock.sleep(Math.min(leftMs, backoffMs(look, policy.firstBackoffMs, policy.maxBackoffMs)));
  }
}
