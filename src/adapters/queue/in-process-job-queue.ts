import type { JobQueue, Logger } from '../../app/ports.js';

/**
 * Runs jobs in this process, a few at a time, in the order they arrive. Closing stops taking jobs but does not
 * cancel running ones: they stay resumable from their rows and the next start picks them up.
 */
export class InProcessJobQueue implements JobQueue {
  private readonly waiting: string[] = [];
  private readonly running = new Set<string>();
  private isClosed = false;

  constructor(
    private readonly runJob: (jobId: string) => Promise<unknown>,
    private readonly logger: Logger,
    private readonly concurrency = 2,
  ) {}

  async enqueue(jobId: string): Promise<void> {
    if (this.isClosed) throw new Error('The job queue is closed.');
    if (this.running.has(jobId) || this.waiting.includes(jobId)) return;
    this.waiting.push(jobId);
    this.pump();
  }

  async close(): Promise<void> {
    this.isClosed = true;
    this.waiting.length = 0;
  }

  /** Jobs running or waiting, for tests and health checks. */
  size(): number {
    return this.running.size + this.waiting.length;
  }

  private pump(): void {
    while (!this.isClosed && this.running.size < this.concurrency && this.waiting.length > 0) {
      const jobId = this.waiting.shift()!;
      this.running.add(jobId);
      this.runJob(jobId)
        .catch((error: unknown) => this.logger.error({ jobId }, `job stopped: ${(error as Error).message}`))
        .finally(() => {
          this.running.delete(jobId);
          this.pump();
        });
    }
  }
}
