import type { MicroUsd } from '../money/micro-usd.js';
import { isFinalAttemptStatus, type Attempt } from './attempt.js';

/** The failure code of an attempt whose run succeeded and was paid, but whose output was gone before it was kept. */
export const OUTPUT_EXPIRED = 'OUTPUT_EXPIRED';

/**
 * How a prediction the provider created ended, as far as money goes:
 * - kept: its image is in the set;
 * - spare: paid, not kept, because the job already had its N images (the fast mode's spares);
 * - discarded: paid, not kept, because its output could not be used (still broken after every download, rejected);
 * - expired: paid, not kept, because the output was removed before it could be downloaded;
 * - provider_failure: the run failed, was canceled before it produced an image, or aborted: not billed;
 * - open: not ended yet.
 */
export type PaidEnding = 'kept' | 'spare' | 'discarded' | 'expired' | 'provider_failure' | 'open';

type LedgerFields = Pick<Attempt, 'status' | 'providerRunId' | 'costMicroUsd' | 'failureCode'>;

/** The ending of the attempt's prediction; undefined when no prediction is known to exist (nothing to pay for). */
export function paidEnding(attempt: LedgerFields): PaidEnding | undefined {
  if (attempt.status === 'succeeded') return 'kept';
  if (attempt.providerRunId === null && attempt.costMicroUsd === 0) return undefined;
  if (!isFinalAttemptStatus(attempt.status)) return 'open';
  if (attempt.costMicroUsd === 0) return 'provider_failure';
  if (attempt.status === 'canceled') return 'spare';
  return attempt.failureCode === OUTPUT_EXPIRED ? 'expired' : 'discarded';
}

/** Per job: every prediction counted once by how it ended, and which paid ones left no image. */
export interface PaidLedger {
  /** Predictions the provider created for the job's attempts. */
  readonly predictions: number;
  readonly kept: number;
  readonly spares: number;
  readonly discarded: number;
  readonly expired: number;
  readonly providerFailures: number;
  readonly open: number;
  /** Predictions billed: kept + spares + discarded + expired. */
  readonly paid: number;
  /** Run ids of paid predictions that left no image, with how they ended: what an audit lists. */
  readonly paidWithoutImage: readonly { readonly runId: string; readonly ending: PaidEnding }[];
}

export function paidLedger(attempts: Iterable<LedgerFields>): PaidLedger {
  const counts: Record<PaidEnding, number> = {
    kept: 0,
    spare: 0,
    discarded: 0,
    expired: 0,
    provider_failure: 0,
    open: 0,
  };
  const paidWithoutImage: { runId: string; ending: PaidEnding }[] = [];
  for (const attempt of attempts) {
    const ending = paidEnding(attempt);
    if (ending === undefined) continue;
    counts[ending] += 1;
    if (ending !== 'kept' && attempt.costMicroUsd > 0)
      paidWithoutImage.push({ runId: attempt.providerRunId ?? '(unknown run)', ending });
  }
  return {
    predictions: Object.values(counts).reduce((sum, n) => sum + n, 0),
    kept: counts.kept,
    spares: counts.spare,
    discarded: counts.discarded,
    expired: counts.expired,
    providerFailures: counts.provider_failure,
    open: counts.open,
    paid: counts.kept + counts.spare + counts.discarded + counts.expired,
    paidWithoutImage,
  };
}

/** A job's spend by what it bought: images kept, spares not kept, and outputs paid for but unusable or gone. */
export interface SpendSplit {
  /** Images kept, and successes still being downloaded and kept (none once the job has ended). */
  readonly keptMicroUsd: MicroUsd;
  readonly sparesMicroUsd: MicroUsd;
  /** Outputs paid for but unusable (still broken after every download, rejected) or expired. */
  readonly discardedMicroUsd: MicroUsd;
}

export const NO_SPEND: SpendSplit = { keptMicroUsd: 0, sparesMicroUsd: 0, discardedMicroUsd: 0 };

export function spendSplitOf(attempts: Iterable<LedgerFields>): SpendSplit {
  let kept = 0;
  let spares = 0;
  let discarded = 0;
  for (const attempt of attempts) {
    const ending = paidEnding(attempt);
    if (ending === 'kept' || ending === 'open') kept += attempt.costMicroUsd;
    else if (ending === 'spare') spares += attempt.costMicroUsd;
    else discarded += attempt.costMicroUsd;
  }
  return { keptMicroUsd: kept, sparesMicroUsd: spares, discardedMicroUsd: discarded };
}
