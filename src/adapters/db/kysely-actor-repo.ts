import type { Kysely, Selectable } from 'kysely';
import type { ActorRepo } from '../../app/ports.js';
import type { Actor } from '../../domain/actors/actor.js';
import { manifestFileName, manifestPrefix, type ActorId } from '../../domain/actors/actor-id.js';
import { TroupeError } from '../../domain/errors/troupe-error.js';
import type { ActorsTable, TroupeDatabase } from './schema.js';

export class KyselyActorRepo implements ActorRepo {
  constructor(private readonly db: Kysely<TroupeDatabase>) {}

  async insert(actor: Actor): Promise<void> {
    await this.db
      .insertInto('actors')
      .values({
        id: actor.id,
        name: actor.name,
        descriptor: actor.descriptor,
        manifest_prefix: manifestPrefix(actor.id),
        base_image_path: actor.baseImagePath,
        created_at: actor.createdAt,
        trigger_word: actor.triggerWord ?? null,
      })
      .execute()
      .catch(async (error: unknown) => {
        if (!isUniqueViolation(error)) throw error;
        throw takenError(error, actor.id, (await this.get(actor.id)) !== undefined);
      });
  }

  async update(id: ActorId, patch: Partial<Pick<Actor, 'name' | 'descriptor' | 'triggerWord'>>): Promise<void> {
    const row = {
      ...(patch.name === undefined ? {} : { name: patch.name }),
      ...(patch.descriptor === undefined ? {} : { descriptor: patch.descriptor }),
      ...(patch.triggerWord === undefined ? {} : { trigger_word: patch.triggerWord }),
    };
    if (Object.keys(row).length > 0) await this.db.updateTable('actors').set(row).where('id', '=', id).execute();
  }

  async deleteWithEverything(id: ActorId): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const jobIds = trx.selectFrom('generation_jobs').select('id').where('actor_id', '=', id);
      await trx.deleteFrom('attempts').where('job_id', 'in', jobIds).execute();
      await trx.deleteFrom('captions').where('actor_id', '=', id).execute();
      await trx.deleteFrom('image_pins').where('actor_id', '=', id).execute();
      await trx.deleteFrom('images').where('actor_id', '=', id).execute();
      await trx.deleteFrom('face_references').where('actor_id', '=', id).execute();
      await trx.deleteFrom('off_model_images').where('actor_id', '=', id).execute();
      await trx.deleteFrom('generation_jobs').where('actor_id', '=', id).execute();
      await trx.deleteFrom('balance_runs').where('actor_id', '=', id).execute();
      await trx.deleteFrom('prompt_resets').where('actor_id', '=', id).execute();
      await trx.deleteFrom('actors').where('id', '=', id).execute();
    });
  }

  async get(id: ActorId): Promise<Actor | undefined> {
    const row = await this.db.selectFrom('actors').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toActor(row);
  }

  async list(): Promise<Actor[]> {
    const rows = await this.db.selectFrom('actors').selectAll().orderBy('id').execute();
    return rows.map(toActor);
  }
}

function toActor(row: Selectable<ActorsTable>): Actor {
  return {
    id: row.id as ActorId,
    name: row.name,
    descriptor: row.descriptor,
    baseImagePath: row.base_image_path,
    createdAt: row.created_at,
    ...(row.trigger_word === null ? {} : { triggerWord: row.trigger_word }),
  };
}

function isUniqueViolation(error: unknown): boolean {
  const text = `${(error as { code?: string }).code ?? ''} ${(error as Error).message ?? ''}`;
  return /UNIQUE|23505|duplicate key/i.test(text);
}

/**
 * Another request added the same id (or one sharing its manifest) between our check and our insert: said in the
 * app's words. Which unique constraint fired first is the database's business, so the id is looked up.
 */
function takenError(error: unknown, id: ActorId, isSameId: boolean): TroupeError {
  if (isSameId) {
    return new TroupeError(
      'ACTOR_EXISTS',
      `Actor ${id} already exists (added at the same time by another request): pick another id, or use it as it is (troupe actors show ${id}).`,
      { cause: error },
    );
  }
  return new TroupeError(
    'MANIFEST_CONFLICT',
    `Actor ${id} would share the manifest ${manifestFileName(id)} with an actor added at the same time: give it a different leading number.`,
    { cause: error },
  );
}
