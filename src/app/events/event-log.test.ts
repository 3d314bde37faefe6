import { describe, expect, it } from 'vitest';
import type { EventBus, TroupeEvent } from '../ports.js';
import { EventLog } from './event-log.js';

/** The smallest bus that keeps the EventBus contract: handlers in subscription order. */
class InMemoryEventBus implements EventBus {
  private readonly handlers = new Set<(event: TroupeEvent) => void>();
  publish(event: TroupeEvent): void {
    for (const handler of this.handlers) handler(event);
  }
  subscribe(handler: (event: TroupeEvent) => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }
}

const event = (n: number): TroupeEvent => ({ type: 'job.updated', job: { id: `job_${n}` } as never });

describe('EventLog', () => {
  it('replays what came after a known id, in order', () => {
    const bus = new InMemoryEventBus();
    const log = new EventLog(bus, 'b1');
    for (let i = 1; i <= 5; i += 1) bus.publish(event(i));
    expect(log.since('b1-2')?.map((e) => e.id)).toEqual(['b1-3', 'b1-4', 'b1-5']);
    expect(log.since('b1-5')).toEqual([]);
  });

  it('says it cannot fill the gap for ids from another boot, from the future, or older than it keeps', () => {
    const bus = new InMemoryEventBus();
    const log = new EventLog(bus, 'b2', 3);
    for (let i = 1; i <= 6; i += 1) bus.publish(event(i));
    expect(log.since('b1-5')).toBeUndefined();
    expect(log.since('b2-9')).toBeUndefined();
    expect(log.since('b2-1')).toBeUndefined();
    expect(log.since('b2-3')?.map((e) => e.id)).toEqual(['b2-4', 'b2-5', 'b2-6']);
    expect(log.since('garbage')).toBeUndefined();
  });

  it('hands every new event to live listeners with its id', () => {
    const bus = new InMemoryEventBus();
    const log = new EventLog(bus, 'b3');
    const seen: string[] = [];
    const stop = log.subscribe((e) => seen.push(e.id));
    bus.publish(event(1));
    stop();
    bus.publish(event(2));
    expect(seen).toEqual(['b3-1']);
  });
});
