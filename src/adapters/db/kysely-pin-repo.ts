import type { Kysely } from 'kysely';
import type { PinRepo } from '../../app/ports.js';
import type { ActorId } from '../../domain/actors/actor-id.js';
import type { TroupeDatabase } from './schema.js';

export class KyselyPinRepo implements PinRepo {
  constructor(private readonly db: Kysely<TroupeDatabase>) {}

  async listByActor(actorId: ActorId): Promise<Set<string>> {
    const rows = await this.db.selectFrom('image_pins').select('image_id').where('actor_id', '=', actorId).execute();
    return new Set(rows.map((row) => row.image_id));
  }

  async setPinned(actorId: ActorId, imageIds: readonly string[], isPinned: boolean, atIso: string): Promise<void> {
    if (imageIds.length === 0) return;
    if (!isPinned) {
      await this.db
        .deleteFrom('image_pins')
        .where('image_id', 'in', [...imageIds])
        .execute();
      return;
    }
    await this.db
      .insertInto('image_pins')
      .values(imageIds.map((id) => ({ image_id: id, actor_id: actorId, pinned_at: atIso })))
      .onConflict((oc) => oc.column('image_id').doNothing())
      .execute();
  }
}
