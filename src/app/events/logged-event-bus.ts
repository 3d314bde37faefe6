import type { Clock, EventBus, EventLog, Logger, TroupeEvent } from '../ports.js';

/**
 * The EventBus of every process: handlers in this process hear an event at once (the CLI's progress bars, a job's
 * cancel listener), and the event is appended to the EventLog, in publish order, for every other process.
 */
export class LoggedEventBus implements EventBus {
  private readonly handlers = new Set<(event: TroupeEvent) => void>();
  private readonly storedListeners = new Set<(id: number) => void>();
  private appended: Promise<void> = Promise.resolve();

  constructor(
    private readonly log: EventLog,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  publish(event: TroupeEvent): void {
    for (const handler of [...this.handlers]) handler(event);
    const atIso = new Date(this.clock.now()).toISOString();
    // Chained, so rows are numbered in publish order; a failed write is logged and does not stop the job.
    this.appended = this.appended
      .then(() => this.log.append(event, atIso))
      .then(
        (id) => {
          for (const listener of [...this.storedListeners]) listener(id);
        },
        (error: unknown) => this.logger.error({ eventType: event.type, error: String(error) }, 'event not stored'),
      );
  }

  subscribe(handler: (event: TroupeEvent) => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  /** Called with each event's id once it is stored: a tailer in this process reads it at once instead of polling. */
  onStored(listener: (id: number) => void): () => void {
    this.storedListeners.add(listener);
    return () => this.storedListeners.delete(listener);
  }

  flush(): Promise<void> {
    return this.appended;
  }
}
