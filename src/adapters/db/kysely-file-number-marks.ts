import { sql, type Kysely, type Transaction } from 'kysely';
import type { FileNumberMarks } from '../../app/ports.js';
import type { ActorId } from '../../domain/actors/actor-id.js';
import type { TroupeDatabase } from './schema.js';

type Db = Kysely<TroupeDatabase> | Transaction<TroupeDatabase>;

export class KyselyFileNumberMarks implements FileNumberMarks {
  constructor(private readonly db: Kysely<TroupeDatabase>) {}

  async get(actorId: ActorId): Promise<number> {
    const row = await this.db
      .selectFrom('file_number_marks')
      .select('high_water')
      .where('actor_id', '=', actorId)
      .executeTakeFirst();
    return row === undefined ? 0 : Number(row.high_water);
  }

  async raise(actorId: ActorId, number: number): Promise<void> {
    await raiseMark(this.db, actorId, number);
  }
}

/** One upsert that only ever raises the mark, so concurrent raisers cannot lower each other's. */
export async function raiseMark(db: Db, actorId: string, number: number): Promise<void> {
  if (!Number.isSafeInteger(number) || number <= 0) return;
  await db
    .insertInto('file_number_marks')
    .values({ actor_id: actorId, high_water: number })
    .onConflict((oc) =>
      oc.column('actor_id').doUpdateSet({
        high_water: sql<number>`case when excluded.high_water > file_number_marks.high_water then excluded.high_water else file_number_marks.high_water end`,
      }),
    )
    .execute();
}

/**
 * Takes the actor's next number: one atomic counter update (the mark plus one) that also returns it. Inside a
 * transaction that took the write lock at BEGIN, two processes allocating at once queue, so each gets its own number.
 */
export async function allocateNumber(db: Db, actorId: string): Promise<number> {
  const row = await db
    .insertInto('file_number_marks')
    .values({ actor_id: actorId, high_water: 1 })
    .onConflict((oc) =>
      oc.column('actor_id').doUpdateSet({ high_water: sql<number>`file_number_marks.high_water + 1` }),
    )
    .returning('high_water')
    .executeTakeFirstOrThrow();
  return Number(row.high_water);
}
