import { sql, type Kysely } from 'kysely';
import type { ImagePageQuery, ImageRepo, ImageTypeCount } from '../../app/ports.js';
import type { ActorId } from '../../domain/actors/actor-id.js';
import type { ImageRecord } from '../../domain/images/image-record.js';
import { isImageType } from '../../domain/prompts/image-type.js';
import { toImageRecord, toImageRow } from './image-rows.js';
import { raiseMark } from './kysely-file-number-marks.js';
import type { TroupeDatabase } from './schema.js';

export class KyselyImageRepo implements ImageRepo {
  constructor(private readonly db: Kysely<TroupeDatabase>) {}

  async insert(image: ImageRecord): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('images').values(toImageRow(image)).execute();
      if (image.number !== null) await raiseMark(trx, image.actorId, image.number);
    });
  }

  async listByActor(actorId: ActorId): Promise<ImageRecord[]> {
    const rows = await this.db
      .selectFrom('images')
      .selectAll()
      .where('actor_id', '=', actorId)
      .orderBy('number')
      .execute();
    return rows.map(toImageRecord);
  }

  async listPage(actorId: ActorId, query: ImagePageQuery): Promise<{ images: ImageRecord[]; total: number }> {
    let filtered = this.db.selectFrom('images').where('actor_id', '=', actorId);
    if (query.type !== undefined) filtered = filtered.where('type', '=', query.type);
    const direction = query.isDescending ? 'desc' : 'asc';
    const [rows, counted] = await Promise.all([
      filtered
        .selectAll()
        // Numberless images (some imports) come last either way.
        .orderBy(sql`number is null`)
        .orderBy('number', direction)
        .orderBy('file_name')
        .limit(query.limit)
        .offset(query.offset)
        .execute(),
      filtered.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirst(),
    ]);
    return { images: rows.map(toImageRecord), total: Number(counted?.total ?? 0) };
  }

  async countByType(actorId?: ActorId): Promise<ImageTypeCount[]> {
    let query = this.db
      .selectFrom('images')
      .select((eb) => ['actor_id', 'type', eb.fn.countAll<number>().as('count')])
      .groupBy(['actor_id', 'type']);
    if (actorId !== undefined) query = query.where('actor_id', '=', actorId);
    const rows = await query.execute();
    return rows.map((row) => ({
      actorId: row.actor_id as ActorId,
      type: row.type !== null && isImageType(row.type) ? row.type : null,
      count: Number(row.count),
    }));
  }

  async get(id: string): Promise<ImageRecord | undefined> {
    const row = await this.db.selectFrom('images').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toImageRecord(row);
  }

  /** The image's caption and pin go with it, in one transaction. */
  async delete(id: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('captions').where('image_id', '=', id).execute();
      await trx.deleteFrom('image_pins').where('image_id', '=', id).execute();
      await trx.deleteFrom('images').where('id', '=', id).execute();
    });
  }

  async getByAttempt(attemptId: string): Promise<ImageRecord | undefined> {
    const row = await this.db.selectFrom('images').selectAll().where('attempt_id', '=', attemptId).executeTakeFirst();
    return row && toImageRecord(row);
  }

  async setS3Url(id: string, s3Url: string | null): Promise<void> {
    await this.db.updateTable('images').set({ s3_url: s3Url }).where('id', '=', id).execute();
  }
}
