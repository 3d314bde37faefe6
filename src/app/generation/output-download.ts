import type { Clock, ImageInspector, ImageProvider, Logger, RunState } from '../ports.js';
import { ProviderCallError } from '../ports.js';
import type { ProviderFailure } from '../../domain/generation/failure-class.js';
import { backoffMs } from '../../domain/generation/retry-backoff.js';
import { decodeOutput, type DecodedOutput } from './output-check.js';

export interface DownloadPolicy {
  /** Downloads of one output before it is given up as broken. */
  readonly maxTries: number;
  readonly firstBackoffMs: number;
  readonly maxBackoffMs: number;
  /** When the provider deletes the output at the latest (Replicate: an hour after the run ends). */
  readonly expiresAtMs: number;
}

export type DownloadResult =
  | { readonly kind: 'whole'; readonly output: DecodedOutput }
  /** The output was removed (404 after expiry, `data_removed`): nothing left to fetch. */
  | { readonly kind: 'gone'; readonly message: string }
  /** Every try failed and the output may still exist: paid for, not kept. */
  | { readonly kind: 'broken'; readonly failure: ProviderFailure; readonly tries: number };

interface Deps {
  readonly clock: Clock;
  readonly inspector: ImageInspector;
  readonly logger: Logger;
}

/**
 * Fetches a succeeded run's output until it arrives whole: a short, corrupt or broken-off download is fetched again
 * after a backoff, for a bounded number of tries and never past the output's lifetime. A 404 asks the provider
 * whether the output was removed (then it is gone) or has moved (then the new URL is used).
 */
export async function downloadOutput(
  deps: Deps,
  provider: ImageProvider,
  succeeded: RunState,
  policy: DownloadPolicy,
  log: Readonly<Record<string, unknown>>,
): Promise<DownloadResult> {
  let state = succeeded;
  for (let tryNumber = 1; ; tryNumber += 1) {
    if (state.outputUrl === null) return gone(state);
    let failure: ProviderFailure;
    try {
      return { kind: 'whole', output: await decodeOutput(deps.inspector, await provider.fetchOutput(state)) };
    } catch (error) {
      failure = failureOf(error);
    }
    if (failure.httpStatus === 404 || failure.httpStatus === 410) {
      const fresh = await provider.get(state.runId).catch(() => undefined);
      if (fresh !== undefined && fresh.status === 'succeeded') {
        if (fresh.outputUrl === null) return gone(fresh);
        state = fresh;
      }
    }
    const waitMs = backoffMs(tryNumber, policy.firstBackoffMs, policy.maxBackoffMs);
    if (tryNumber >= policy.maxTries || deps.clock.now() + waitMs >= policy.expiresAtMs) {
      return { kind: 'broken', failure, tries: tryNumber };
    }
    deps.logger.warn({ ...log, try: tryNumber, waitMs }, `output download failed, fetching again: ${failure.message}`);
    await deps.clock.sleep(waitMs);
  }
}

function gone(state: RunState): DownloadResult {
  return {
    kind: 'gone',
    message: `The run ${state.runId} succeeded (and was billed), but its output was removed before it could be downloaded.`,
  };
}

function failureOf(error: unknown): ProviderFailure {
  if (error instanceof ProviderCallError) return error.failure;
  return { stage: 'output', message: error instanceof Error ? error.message : String(error) };
}
