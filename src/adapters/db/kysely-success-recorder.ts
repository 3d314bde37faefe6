import type { Kysely } from 'kysely';
import type { SuccessRecorder } from '../../app/ports.js';
import type { ImageRecord } from '../../domain/images/image-record.js';
import { claimLostError } from '../../domain/generation/lease-owner.js';
import { toImageRecord, toImageRow } from './image-rows.js';
import { allocateNumber } from './kysely-file-number-marks.js';
import type { TroupeDatabase } from './schema.js';

export class KyselySuccessRecorder implements SuccessRecorder {
  constructor(private readonly db: Kysely<TroupeDatabase>) {}

  recordSuccess(input: Parameters<SuccessRecorder['recordSuccess']>[0]): Promise<ImageRecord> {
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
      const number = await allocateNumber(trx, input.image.actorId);
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
