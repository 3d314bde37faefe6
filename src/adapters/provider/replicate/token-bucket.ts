import type { Clock } from '../../../app/ports.js';

/**
 * Paces create calls for the whole process: at most `perMinute` starts a minute, with a small burst. A 429 pauses
 * everyone for as long as the provider asked and halves the pace; each accepted call wins a little of it back.
 */
export class TokenBucket {
  private tokens: number;
  private ratePerMs: number;
  private lastRefillMs: number;
  private pausedUntilMs = 0;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly clock: Clock,
    private readonly perMinute: number,
    private readonly burst = Math.max(1, Math.min(10, Math.floor(perMinute / 6))),
  ) {
    this.tokens = this.burst;
    this.ratePerMs = perMinute / 60_000;
    this.lastRefillMs = clock.now();
  }

  /** Resolves when a call may go out; callers are served in order. */
  take(): Promise<void> {
    const turn = this.queue.then(() => this.waitForToken());
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** The provider said 429: wait `retryAfterMs` (everyone) and slow down. */
  throttled(retryAfterMs: number): void {
    this.pausedUntilMs = Math.max(this.pausedUntilMs, this.clock.now() + retryAfterMs);
    this.ratePerMs = Math.max(this.ratePerMs / 2, 1 / 60_000);
    this.tokens = 0;
  }

  accepted(): void {
    this.ratePerMs = Math.min(this.perMinute / 60_000, this.ratePerMs * 1.1);
  }

  /** Current pace in calls per minute (for logs and tests). */
  pacePerMinute(): number {
    return this.ratePerMs * 60_000;
  }

  private async waitForToken(): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      if (now < this.pausedUntilMs) {
        await this.clock.sleep(this.pausedUntilMs - now);
        continue;
      }
      this.tokens = Math.min(this.burst, this.tokens + (now - this.lastRefillMs) * this.ratePerMs);
      this.lastRefillMs = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await this.clock.sleep(Math.ceil((1 - this.tokens) / this.ratePerMs));
    }
  }
}
