import type { Kysely } from 'kysely';
import type { EventLog, StoredEvent, TroupeEvent } from '../../app/ports.js';
import type { TroupeDatabase } from '../db/schema.js';

const EVENT_TYPES: ReadonlySet<string> = new Set<TroupeEvent['type']>([
  'job.updated',
  'attempt.updated',
  'mirror.unavailable',
  'image.added',
  'image.deleted',
]);

/** The events table. Ids come from the database (autoincrement), so they increase across every writer. */
export class KyselyEventLog implements EventLog {
  constructor(private readonly db: Kysely<TroupeDatabase>) {}

  async append(event: TroupeEvent, atIso: string): Promise<number> {
    const row = await this.db
      .insertInto('events')
      .values({
        created_at: atIso,
        actor_id: actorIdOf(event),
        job_id: jobIdOf(event),
        type: event.type,
        payload: JSON.stringify(event),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(row.id);
  }

  async readAfter(afterId: number, limit: number): Promise<{ events: StoredEvent[]; lastId: number }> {
    const rows = await this.db
      .selectFrom('events')
      .select(['id', 'type', 'payload'])
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(limit)
      .execute();
    const events = rows.flatMap((row) => {
      const event = parseEvent(row.type, row.payload);
      return event === undefined ? [] : [{ id: Number(row.id), event }];
    });
    return { events, lastId: rows.length === 0 ? afterId : Number(rows.at(-1)!.id) };
  }

  async bounds(): Promise<{ oldestId: number | null; latestId: number }> {
    const row = await this.db
      .selectFrom('events')
      .select((eb) => [eb.fn.min('id').as('oldest'), eb.fn.max('id').as('latest')])
      .executeTakeFirst();
    const oldest = row?.oldest ?? null;
    return { oldestId: oldest === null ? null : Number(oldest), latestId: Number(row?.latest ?? 0) };
  }

  async trimBefore(beforeIso: string): Promise<number> {
    const result = await this.db.deleteFrom('events').where('created_at', '<', beforeIso).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

function actorIdOf(event: TroupeEvent): string {
  return event.type === 'job.updated' ? event.job.actorId : event.actorId;
}

function jobIdOf(event: TroupeEvent): string | null {
  if (event.type === 'job.updated') return event.job.id;
  if (event.type === 'image.added') return event.image.jobId;
  if (event.type === 'image.deleted') return null;
  return event.jobId;
}

/**
 * The rows were written by this class from domain values, so a known type and a JSON object are checked rather
 * than every field; a row of an unknown type (written by a newer version) is skipped, not fatal.
 */
function parseEvent(type: string, payload: string): TroupeEvent | undefined {
  if (!EVENT_TYPES.has(type)) return undefined;
  const value: unknown = JSON.parse(payload);
  if (typeof value !== 'object' || value === null || (value as { type?: unknown }).type !== type) return undefined;
  return value as TroupeEvent;
}
