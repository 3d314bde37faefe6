import type { Kysely, Selectable } from 'kysely';
import type { FaceReferenceRepo } from '../../app/ports.js';
import type { ActorId } from '../../domain/actors/actor-id.js';
import type { FaceBox } from '../../domain/identity/face-analysis.js';
import type { FaceReference } from '../../domain/identity/identity-records.js';
import type { FaceReferencesTable, TroupeDatabase } from './schema.js';

export class KyselyFaceReferenceRepo implements FaceReferenceRepo {
  constructor(private readonly db: Kysely<TroupeDatabase>) {}

  async insert(reference: FaceReference): Promise<void> {
    await this.db
      .insertInto('face_references')
      .values({
        id: reference.id,
        actor_id: reference.actorId,
        source: reference.source,
        image_key: reference.imageKey,
        sha256: reference.sha256,
        box: JSON.stringify(reference.box),
        descriptor: JSON.stringify(reference.descriptor),
        created_at: reference.createdAt,
      })
      .onConflict((oc) => oc.columns(['actor_id', 'sha256']).doNothing())
      .execute();
  }

  async listByActor(actorId: ActorId): Promise<FaceReference[]> {
    const rows = await this.db
      .selectFrom('face_references')
      .selectAll()
      .where('actor_id', '=', actorId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toReference);
  }
}

function toReference(row: Selectable<FaceReferencesTable>): FaceReference {
  return {
    id: row.id,
    actorId: row.actor_id as ActorId,
    source: row.source === 'added' ? 'added' : 'base',
    imageKey: row.image_key,
    sha256: row.sha256,
    box: JSON.parse(row.box) as FaceBox,
    descriptor: JSON.parse(row.descriptor) as number[],
    createdAt: row.created_at,
  };
}
