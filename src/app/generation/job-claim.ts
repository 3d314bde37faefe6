import { claimLostError } from '../../domain/generation/lease-owner.js';
import { isTroupeError } from '../../domain/errors/troupe-error.js';

/**
 * This process's claim on one job, as its session and attempts see it. Every write of the job's rows goes through
 * `write`, which the database only applies while this owner holds the claim: once another process has taken the job
 * over (this one stalled past its lease), nothing more is written, runs in flight are left to the new owner (not
 * canceled), and the session stops.
 */
export class JobClaim {
  private isLostNow = false;

  constructor(
    readonly jobId: string,
    readonly owner: string,
  ) {}

  get isLost(): boolean {
    return this.isLostNow;
  }

  markLost(): void {
    this.isLostNow = true;
  }

  /** Throws TroupeError JOB_CLAIMED once the claim is lost. */
  assertHeld(): void {
    if (this.isLostNow) throw claimLostError(this.jobId);
  }

  /** Runs a write guarded by the owner; `false` from it (or a JOB_CLAIMED error) means the claim is gone. */
  async write(guarded: () => Promise<boolean>): Promise<void> {
    this.assertHeld();
    let isWritten: boolean;
    try {
      isWritten = await guarded();
    } catch (error) {
      if (isTroupeError(error) && error.code === 'JOB_CLAIMED') this.isLostNow = true;
      throw error;
    }
    if (!isWritten) {
      this.isLostNow = true;
      throw claimLostError(this.jobId);
    }
  }
}
