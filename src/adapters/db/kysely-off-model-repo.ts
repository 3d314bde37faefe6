import type { Kysely, Selectable } from 'kysely';
import type { OffModelRepo } from '../../app/ports.js';
import type { ActorId } from '../../domain/actors/actor-id.js';
import type { OffModelImage } from '../../domain/identity/identity-records.js';
import type { ImageType } from '../../domain/prompts/image-type.js';
import type { OffModelImagesTable, TroupeDatabase } from './schema.js';

export class KyselyOffModelRepo implements OffModelRepo {
  constructor(private readonly db: Kysely<TroupeDatabase>) {}

  /** Idempotent per attempt: a resumed attempt that sets its output aside again changes nothing. */
  async insert(image: OffModelImage): Promise<void> {
    await this.db
      .insertInto('off_model_images')
      .values({
        id: image.id,
        actor_id: image.actorId,
        job_id: image.jobId,
        attempt_id: image.attemptId,
        type: image.type,
        prompt: image.prompt,
        prompt_id: image.promptId,
        file_key: image.fileKey,
        sha256: image.sha256,
        width: image.width,
        height: image.height,
        size_bytes: image.sizeBytes,
        distance: image.distance,
        created_at: image.createdAt,
      })
      .onConflict((oc) => oc.column('attempt_id').doNothing())
      .execute();
  }

  async listByActor(actorId: ActorId): Promise<OffModelImage[]> {
    const rows = await this.db
      .selectFrom('off_model_images')
      .selectAll()
      .where('actor_id', '=', actorId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toOffModel);
  }

  async get(id: string): Promise<OffModelImage | undefined> {
    const row = await this.db.selectFrom('off_model_images').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toOffModel(row);
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('off_model_images').where('id', '=', id).execute();
  }
}

function toOffModel(row: Selectable<OffModelImagesTable>): OffModelImage {
  return {
    id: row.id,
    actorId: row.actor_id as ActorId,
    jobId: row.job_id,
    attemptId: row.attempt_id,
    type: row.type as ImageType,
    prompt: row.prompt,
    promptId: row.prompt_id,
    fileKey: row.file_key,
    sha256: row.sha256,
    width: Number(row.width),
    height: Number(row.height),
    sizeBytes: Number(row.size_bytes),
    distance: Number(row.distance),
    createdAt: row.created_at,
  };
}
