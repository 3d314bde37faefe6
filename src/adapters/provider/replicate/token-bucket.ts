import type { Clock } from '../../../app/ports.js';
import {
  afterAccepted,
  afterThrottled,
  initialPace,
  paceSettings,
  takeToken,
  type PaceSettings,
  type PaceState,
} from '../../../domain/pacing/aimd-pace.js';

/**
 * Paces create calls for the whole process: at most `perMinute` starts a minute, with a small burst. The rate follows
 * AIMD (domain/pacing/aimd-pace.ts): a 429 pauses everyone for as long as the provider asked and halves the pace,
 * never below one call per Retry-After; each accepted call adds a fixed step back.
 */
export class TokenBucket {
  private readonly settings: PaceSettings;
  private state: PaceState;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly clock: Clock,
    perMinute: number,
    burst?: number,
  ) {
    this.settings = paceSettings(perMinute, burst);
    this.state = initialPace(this.settings, clock.now());
  }

  /** Resolves when a call may go out; callers are served in order. */
  take(): Promise<void> {
    const turn = this.queue.then(() => this.waitForToken());
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** The provider said 429: wait `retryAfterMs` (everyone) and slow down. */
  throttled(retryAfterMs: number): void {
    this.state = afterThrottled(this.state, this.settings, retryAfterMs, this.clock.now());
  }

  accepted(): void {
    this.state = afterAccepted(this.state, this.settings);
  }

  /** Current pace in calls per minute (for logs and tests). */
  pacePerMinute(): number {
    return this.state.ratePerMinute;
  }

  private async waitForToken(): Promise<void> {
    for (;;) {
      const taken = takeToken(this.state, this.settings, this.clock.now());
      this.state = taken.state;
      if (taken.waitMs === 0) return;
      await this.clock.sleep(taken.waitMs);
    }
  }
}
