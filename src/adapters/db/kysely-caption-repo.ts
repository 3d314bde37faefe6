import type { Kysely } from 'kysely';
import type { CaptionRepo } from '../../app/ports.js';
import type { ActorId } from '../../domain/actors/actor-id.js';
import { isCaptionSource } from '../../domain/captions/caption-fields.js';
import type { StoredCaption } from '../../domain/captions/stored-caption.js';
import type { TroupeDatabase } from './schema.js';

export class KyselyCaptionRepo implements CaptionRepo {
  constructor(private readonly db: Kysely<TroupeDatabase>) {}

  async listByActor(actorId: ActorId): Promise<Map<string, StoredCaption>> {
    const rows = await this.db.selectFrom('captions').selectAll().where('actor_id', '=', actorId).execute();
    return new Map(
      rows.map((row) => [
        row.image_id,
        {
          imageId: row.image_id,
          body: row.body,
          source: isCaptionSource(row.source) ? row.source : 'edited',
          updatedAt: row.updated_at,
        },
      ]),
    );
  }

  async putMany(actorId: ActorId, captions: readonly StoredCaption[]): Promise<void> {
    if (captions.length === 0) return;
    await this.db.transaction().execute(async (trx) => {
      for (const caption of captions) {
        const row = { body: caption.body, source: caption.source, updated_at: caption.updatedAt };
        await trx
          .insertInto('captions')
          .values({ image_id: caption.imageId, actor_id: actorId, ...row })
          .onConflict((oc) => oc.column('image_id').doUpdateSet(row))
          .execute();
      }
    });
  }
}
