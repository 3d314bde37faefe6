import type { AppDeps } from '../app-deps.js';
import { isTroupeError } from '../../domain/errors/troupe-error.js';
import { isFinalJobStatus } from '../../domain/generation/job.js';

/** Past the lease's end, so the owner's last renewal has surely landed before we look again. */
const MARGIN_MS = 1_000;

type Deps = Pick<AppDeps, 'jobs' | 'clock' | 'logger'>;

/**
 * For a server that resumes unfinished jobs: a job another process holds is tried again when that process's lease
 * would lapse (a live owner renews it, so the retry just waits again), until this process gets the job or it ends.
 * Waiting holds no queue slot: the retry is a timer that enqueues the job again.
 */
export class ClaimRetry {
  private readonly closing = new AbortController();

  constructor(
    private readonly deps: Deps,
    private readonly leaseMs: number,
    private readonly enqueue: (jobId: string) => Promise<void>,
  ) {}

  /** Runs the job; when another process holds its claim, schedules another try instead of failing. */
  async run(jobId: string, run: () => Promise<unknown>): Promise<void> {
    try {
      await run();
    } catch (error) {
      if (!isTroupeError(error) || error.code !== 'JOB_CLAIMED' || this.closing.signal.aborted) throw error;
      await this.retryLater(jobId);
    }
  }

  /** Stops every pending retry (the server is closing). */
  close(): void {
    this.closing.abort();
  }

  private async retryLater(jobId: string): Promise<void> {
    const job = await this.deps.jobs.get(jobId);
    if (job === undefined || isFinalJobStatus(job.status)) return;
    const now = this.deps.clock.now();
    const until = job.leaseUntil === null ? now : Date.parse(job.leaseUntil);
    const delayMs = Math.min(Math.max(until - now, 0), this.leaseMs) + MARGIN_MS;
    this.deps.logger.info(
      { jobId, owner: job.leaseOwner, until: job.leaseUntil },
      `job is being run by another process; trying again in ${Math.ceil(delayMs / 1000)} s`,
    );
    const { signal } = this.closing;
    void this.deps.clock.sleep(delayMs, signal).then(async () => {
      if (signal.aborted) return;
      await this.enqueue(jobId).catch((error: unknown) =>
        this.deps.logger.warn({ jobId }, `could not queue the job again: ${(error as Error).message}`),
      );
    });
  }
}
