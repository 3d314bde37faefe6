import type { Kysely } from 'kysely';
import type { SuccessRecorder } from '../../app/ports.js';
import type { ImageRecord } from '../../domain/images/image-record.js';
import { claimLostError } from '../../domain/generation/lease-owner.js';
import { toImageRecord, toImageRow } from './image-rows.js';
import type { TroupeDatabase } from './schema.js';

/** Two writers can read the same max number; the loser hits the unique constraint (or a busy lock) and tries again. */
const MAX_NUMBERING_TRIES = 8;

export class KyselySuccessRecorder implements SuccessRecorder {
  constructor(private readonly db: Kysely<TroupeDatabase>) {}

  async recordSuccess(input: Parameters<SuccessRecorder['recordSuccess']>[0]): Promise<ImageRecord> {
    for (let tryNumber = 1; ; tryNumber += 1) {
      try {
        return await this.recordOnce(input);
      } catch (error) {
        if (tryNumber >= MAX_NUMBERING_TRIES || !isConflict(error)) throw error;
      }
    }
  }

  private recordOnce(input: Parameters<SuccessRecorder['recordSuccess']>[0]): Promise<ImageRecord> {
    return this.db.transaction().execute(async (trx) => {
      const existing = await trx
        .selectFrom('images')
        .selectAll()
        .where('attempt_id', '=', input.attemptId)
        .executeTakeFirst();
      if (existing) return toImageRecord(existing);
      if (input.owner !== undefined && input.image.jobId !== null) {
        const held = await trx
          .selectFrom('generation_jobs')
          .select('id')
          .where('id', '=', input.image.jobId)
          .where('lease_owner', '=', input.owner)
          .executeTakeFirst();
        if (!held) throw claimLostError(input.image.jobId);
      }
      const { max } = await trx
        .selectFrom('images')
        .select((eb) => eb.fn.max('number').as('max'))
        .where('actor_id', '=', input.image.actorId)
        .executeTakeFirstOrThrow();
      const number = Math.max(Number(max ?? 0), input.floor) + 1;
      const image: ImageRecord = { ...input.image, number, fileName: input.nameFor(number) };
      await trx.insertInto('images').values(toImageRow(image)).execute();
      await trx
        .updateTable('attempts')
        .set({ status: 'succeeded', image_id: image.id, ended_at: input.endedAt, cost_micro_usd: input.costMicroUsd })
        .where('id', '=', input.attemptId)
        .execute();
      return image;
    });
  }
}

function isConflict(error: unknown): boolean {
  const text = `${(error as { code?: string }).code ?? ''} ${(error as Error).message ?? ''}`;
  return /UNIQUE|SQLITE_BUSY|23505|duplicate key/i.test(text);
}
