import type { Kysely } from 'kysely';
import type { ImageRepo } from '../../app/ports.js';
import type { ActorId } from '../../domain/actors/actor-id.js';
import type { ImageRecord } from '../../domain/images/image-record.js';
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
