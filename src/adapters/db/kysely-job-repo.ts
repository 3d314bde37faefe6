import { sql, type Kysely } from 'kysely';
import type { JobRepo } from '../../app/ports.js';
import type { ActorId } from '../../domain/actors/actor-id.js';
import { isFinalJobStatus, JOB_STATUSES, type GenerationJob, type JobStatus } from '../../domain/generation/job.js';
import { toJob, toJobPatchRow, toJobRow } from './job-rows.js';
import type { TroupeDatabase } from './schema.js';

export class KyselyJobRepo implements JobRepo {
  constructor(private readonly db: Kysely<TroupeDatabase>) {}

  async insert(job: GenerationJob): Promise<void> {
    await this.db.insertInto('generation_jobs').values(toJobRow(job)).execute();
  }

  async get(id: string): Promise<GenerationJob | undefined> {
    const row = await this.db.selectFrom('generation_jobs').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toJob(row);
  }

  async list(filter: { actorId?: ActorId; status?: JobStatus } = {}): Promise<GenerationJob[]> {
    let query = this.db.selectFrom('generation_jobs').selectAll();
    if (filter.actorId !== undefined) query = query.where('actor_id', '=', filter.actorId);
    if (filter.status !== undefined) query = query.where('status', '=', filter.status);
    const rows = await query.orderBy('created_at').orderBy('id').execute();
    return rows.map(toJob);
  }

  async latestByActor(actorId?: ActorId): Promise<GenerationJob[]> {
    let query = this.db
      .selectFrom('generation_jobs')
      .selectAll()
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('generation_jobs as newer')
          .select('newer.id')
          .whereRef('newer.actor_id', '=', 'generation_jobs.actor_id')
          .orderBy('newer.created_at', 'desc')
          .orderBy('newer.id', 'desc')
          .limit(1),
      );
    if (actorId !== undefined) query = query.where('actor_id', '=', actorId);
    return (await query.execute()).map(toJob);
  }

  async update(id: string, patch: Partial<Omit<GenerationJob, 'id' | 'actorId'>>): Promise<void> {
    const row = toJobPatchRow(patch);
    if (Object.keys(row).length === 0) return;
    await this.db.updateTable('generation_jobs').set(row).where('id', '=', id).execute();
  }

  async updateAsOwner(
    id: string,
    owner: string,
    patch: Partial<Omit<GenerationJob, 'id' | 'actorId'>>,
  ): Promise<boolean> {
    const row = toJobPatchRow(patch);
    const result = await this.db
      .updateTable('generation_jobs')
      .set(Object.keys(row).length === 0 ? { lease_owner: owner } : row)
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async claim(id: string, owner: string, nowIso: string, untilIso: string, takeOverFrom?: string): Promise<boolean> {
    const result = await this.db
      .updateTable('generation_jobs')
      .set({ lease_owner: owner, lease_until: untilIso })
      .where('id', '=', id)
      .where('status', 'not in', FINAL_STATUSES)
      .where((eb) =>
        eb.or([
          eb('lease_owner', 'is', null),
          eb('lease_owner', '=', owner),
          eb('lease_until', '<', nowIso),
          ...(takeOverFrom === undefined ? [] : [eb('lease_owner', '=', takeOverFrom)]),
        ]),
      )
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async release(id: string, owner: string): Promise<void> {
    await this.db
      .updateTable('generation_jobs')
      .set({ lease_owner: null, lease_until: null })
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .execute();
  }

  async requestCancel(id: string, nowIso: string, reason: string): Promise<GenerationJob | undefined> {
    const isIdle = sql<boolean>`status = 'queued' and lease_owner is null`;
    const result = await this.db
      .updateTable('generation_jobs')
      .set({
        is_cancel_requested: 1,
        status: sql<string>`case when ${isIdle} then 'canceled' else status end`,
        finish_reason: sql<string | null>`case when ${isIdle} then ${reason} else finish_reason end`,
        finished_at: sql<string | null>`case when ${isIdle} then ${nowIso} else finished_at end`,
      })
      .where('id', '=', id)
      .where('status', 'not in', FINAL_STATUSES)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1 ? this.get(id) : undefined;
  }
}

const FINAL_STATUSES = JOB_STATUSES.filter(isFinalJobStatus);
