import type { MicroUsd } from '../money/micro-usd.js';
import type { Attempt } from './attempt.js';
import { isFinalAttemptStatus, isPaidSpare } from './attempt.js';
import { spendSplitOf, type SpendSplit } from './paid-ledger.js';
import { successRatePermille } from './success-rate.js';

/** A job's counters, derived from its attempts: the rows are the truth, the job row caches this. */
export interface JobProgress {
  /** Attempts started (the seed's current_attempt). */
  readonly currentAttempt: number;
  readonly completedImages: number;
  /** Attempts that ended succeeded or failed, and paid spares (a run that succeeded after the Nth image). */
  readonly finishedAttempts: number;
  /**
   * Runs that yielded an image (kept, or a paid spare) over finished attempts: every paid attempt counts, and one
   * still in flight is neither a success nor a failure yet.
   */
  readonly successRatePermille: number;
  readonly spendMicroUsd: MicroUsd;
  /** The same spend by what it bought: kept images, spares, discarded outputs. */
  readonly spendSplit: SpendSplit;
}

export function progressOf(attemptList: Iterable<Attempt>): JobProgress {
  const attempts = [...attemptList];
  let started = 0;
  let completed = 0;
  let finished = 0;
  let spares = 0;
  let spend = 0;
  for (const attempt of attempts) {
    started += 1;
    spend += attempt.costMicroUsd;
    if (attempt.status === 'succeeded') completed += 1;
    if (isPaidSpare(attempt)) spares += 1;
    if (isFinalAttemptStatus(attempt.status) && (attempt.status !== 'canceled' || isPaidSpare(attempt))) finished += 1;
  }
  return {
    currentAttempt: started,
    completedImages: completed,
    finishedAttempts: finished,
    successRatePermille: successRatePermille(completed + spares, finished),
    spendMicroUsd: spend,
    spendSplit: spendSplitOf(attempts),
  };
}
