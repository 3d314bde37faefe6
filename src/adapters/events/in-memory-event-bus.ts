import type { EventBus, TroupeEvent } from '../../app/ports.js';

export class InMemoryEventBus implements EventBus {
  private readonly handlers = new Set<(event: TroupeEvent) => void>();

  publish(event: TroupeEvent): void {
    for (const handler of [...this.handlers]) handler(event);
  }

  subscribe(handler: (event: TroupeEvent) => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }
}
