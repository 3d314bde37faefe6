import type { Clock, EventLog, Logger, StoredEvent } from '../ports.js';

export interface EventTailSettings {
  /** How often the log is read when nothing wakes the tail earlier. */
  readonly pollMs: number;
  /** Rows read at once at most; a read that found rows is followed by another at once. */
  readonly batchSize: number;
}

/** Short enough that an event written by another process is on screen within half a second. */
export const DEFAULT_EVENT_TAIL: EventTailSettings = { pollMs: 150, batchSize: 500 };

/**
 * Follows the EventLog from the moment it starts and hands every new event, in id order, to its listeners: how a
 * server hears the progress of jobs run by the CLI or by workers elsewhere. It reads on an interval; `wake` makes
 * it read at once (an append in this process, or later a Redis notification from another machine).
 */
export class EventTail {
  private readonly listeners = new Set<(event: StoredEvent) => void>();
  private lastId = 0;
  private isStopped = false;
  private isWakePending = false;
  private sleeping: AbortController | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly log: EventLog,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly settings: EventTailSettings = DEFAULT_EVENT_TAIL,
  ) {}

  /** Starts after the newest stored event: what came before is for replays, not for live listeners. */
  async start(): Promise<void> {
    this.lastId = (await this.log.bounds()).latestId;
    this.running = this.loop();
  }

  /** The id of the last event handed to listeners (or skipped at start). */
  get position(): number {
    return this.lastId;
  }

  subscribe(listener: (event: StoredEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Reads at once instead of at the next poll. */
  wake(): void {
    this.isWakePending = true;
    this.sleeping?.abort();
  }

  async stop(): Promise<void> {
    this.isStopped = true;
    this.wake();
    await this.running;
  }

  private async loop(): Promise<void> {
    while (!this.isStopped) {
      this.isWakePending = false;
      const hasRead = await this.readOnce();
      if (hasRead || this.isWakePending || this.isStopped) continue;
      const sleeping = new AbortController();
      this.sleeping = sleeping;
      await this.clock.sleep(this.settings.pollMs, sleeping.signal);
      this.sleeping = undefined;
    }
  }

  /** True when rows were read: more may be waiting, so the next read follows at once. */
  private async readOnce(): Promise<boolean> {
    try {
      const { events, lastId } = await this.log.readAfter(this.lastId, this.settings.batchSize);
      for (const stored of events) {
        for (const listener of [...this.listeners]) listener(stored);
      }
      const hasRead = lastId > this.lastId;
      this.lastId = lastId;
      return hasRead;
    } catch (error) {
      this.logger.error({ error: String(error) }, 'reading the event log failed; trying again at the next poll');
      return false;
    }
  }
}
