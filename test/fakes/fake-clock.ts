import type { Clock } from '../../src/app/ports.js';

interface Timer {
  readonly atMs: number;
  readonly seq: number;
  readonly resolve: () => void;
}

/**
 * Time that moves only when told. `runUntil` drives code that polls and sleeps: it lets real I/O (files, sharp,
 * SQLite) make progress and, whenever the code under test is only waiting on timers, jumps to the next one. Tests
 * built on it take milliseconds however long the simulated latencies are, and never sleep for real to wait.
 */
export class FakeClock implements Clock {
  private nowMs: number;
  private timers: Timer[] = [];
  private seq = 0;

  /**
   * `isBusy` says whether real work (file I/O, image encoding) is still in flight: time only jumps when it is not,
   * so a render that takes 100 real ms does not let minutes of simulated polling pass meanwhile.
   */
  constructor(
    startMs = Date.parse('2026-01-01T00:00:00.000Z'),
    private readonly isBusy: () => boolean = () => false,
  ) {
    this.nowMs = startMs;
  }

  now(): number {
    return this.nowMs;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const timer: Timer = { atMs: this.nowMs + Math.max(0, ms), seq: this.seq++, resolve: () => done() };
      const done = () => {
        this.timers = this.timers.filter((t) => t !== timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      signal?.addEventListener('abort', done, { once: true });
      this.timers.push(timer);
    });
  }

  /** Moves time forward, firing every timer that falls due, in order. */
  advance(ms: number): void {
    const target = this.nowMs + ms;
    for (;;) {
      const next = this.nextTimer();
      if (!next || next.atMs > target) break;
      this.nowMs = Math.max(this.nowMs, next.atMs);
      next.resolve();
    }
    this.nowMs = target;
  }

  /** Jumps to a later time without firing anything in between (a process that was away). */
  setNow(ms: number): void {
    this.nowMs = ms;
  }

  pendingTimers(): number {
    return this.timers.length;
  }

  /**
   * Awaits `work`, advancing time to the next timer whenever nothing else is happening. Fails after `maxSteps`
   * jumps, so a job that would run forever fails the test instead of hanging it.
   */
  async runUntil<T>(work: Promise<T>, maxSteps = 100_000): Promise<T> {
    let isSettled = false;
    const settled = work.finally(() => {
      isSettled = true;
    });
    settled.catch(() => undefined);
    await this.runWhile(() => !isSettled, maxSteps);
    return settled;
  }

  /** Drives time while `isRunning()` holds (checked between steps), without waiting for anything to finish. */
  async runWhile(isRunning: () => boolean, maxSteps = 100_000): Promise<void> {
    for (let step = 0; isRunning(); step += 1) {
      if (step > maxSteps) throw new Error(`FakeClock: still running after ${maxSteps} steps`);
      await new Promise((resolve) => setImmediate(resolve));
      if (!isRunning()) break;
      const next = this.isBusy() ? undefined : this.nextTimer();
      if (next) {
        this.nowMs = Math.max(this.nowMs, next.atMs);
        next.resolve();
      } else {
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    }
  }

  private nextTimer(): Timer | undefined {
    let best: Timer | undefined;
    for (const t of this.timers)
      if (!best || t.atMs < best.atMs || (t.atMs === best.atMs && t.seq < best.seq)) best = t;
    return best;
  }
}
