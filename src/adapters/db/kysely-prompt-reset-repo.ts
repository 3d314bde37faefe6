import type { Kysely } from 'kysely';
import type { PromptResetRepo } from '../../app/ports.js';
import type { ActorId } from '../../domain/actors/actor-id.js';
import type { TroupeDatabase } from './schema.js';

export class KyselyPromptResetRepo implements PromptResetRepo {
  constructor(private readonly db: Kysely<TroupeDatabase>) {}

  async reset(actorId: ActorId, subject: string, atIso: string): Promise<void> {
    await this.db
      .insertInto('prompt_resets')
      .values({ actor_id: actorId, subject, reset_at: atIso })
      .onConflict((oc) => oc.columns(['actor_id', 'subject']).doUpdateSet({ reset_at: atIso }))
      .execute();
  }

  async list(actorId: ActorId): Promise<Map<string, string>> {
    const rows = await this.db.selectFrom('prompt_resets').selectAll().where('actor_id', '=', actorId).execute();
    return new Map(rows.map((row) => [row.subject, row.reset_at]));
  }
}
