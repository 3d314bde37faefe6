import type { EventBus, TroupeEvent } from '../ports.js';

export interface LoggedEvent {
  /** `{boot}-{sequence}`: a client reconnecting with an id from another server run is told it missed events. */
  readonly id: string;
  readonly event: TroupeEvent;
}

/**
 * The recent events of this process, numbered, so a live stream that reconnects with Last-Event-ID resumes without
 * a gap. When the gap cannot be filled (too old, or from before a restart) `since` says so and the caller sends a
 * fresh snapshot instead.
 */
export class EventLog {
  private readonly events: LoggedEvent[] = [];
  private readonly listeners = new Set<(event: LoggedEvent) => void>();
  private sequence = 0;

  constructor(
    bus: EventBus,
    private readonly boot: string,
    private readonly capacity = 5000,
  ) {
    bus.subscribe((event) => this.append(event));
  }

  /** Events after `lastId`, oldest first; undefined when some of them are no longer known. */
  since(lastId: string): LoggedEvent[] | undefined {
    const [boot, raw] = lastId.split('-');
    const after = Number(raw);
    if (boot !== this.boot || !Number.isSafeInteger(after) || after > this.sequence) return undefined;
    const oldest = this.events[0] ? this.sequenceOf(this.events[0]) : this.sequence + 1;
    if (after + 1 < oldest) return undefined;
    return this.events.filter((e) => this.sequenceOf(e) > after);
  }

  subscribe(listener: (event: LoggedEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private append(event: TroupeEvent): void {
    this.sequence += 1;
    const logged = { id: `${this.boot}-${this.sequence}`, event };
    this.events.push(logged);
    if (this.events.length > this.capacity) this.events.shift();
    for (const listener of [...this.listeners]) listener(logged);
  }

  private sequenceOf(event: LoggedEvent): number {
    return Number(event.id.split('-')[1]);
  }
}
