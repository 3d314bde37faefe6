import type { Kysely, Selectable } from 'kysely';
import type { AttemptRepo, FilteredAttempt } from '../../app/ports.js';
import type { ActorId } from '../../domain/actors/actor-id.js';
import { ATTEMPT_STATUSES, type Attempt, type AttemptStatus } from '../../domain/generation/attempt.js';
import type { FailureClass } from '../../domain/generation/failure-class.js';
import type { ImageType } from '../../domain/prompts/image-type.js';
import type { AttemptsTable, TroupeDatabase } from './schema.js';

type AttemptPatch = Partial<Omit<Attempt, 'id' | 'jobId' | 'number'>>;

export class KyselyAttemptRepo implements AttemptRepo {
  constructor(private readonly db: Kysely<TroupeDatabase>) {}

  async insert(attempt: Attempt): Promise<void> {
    await this.db
      .insertInto('attempts')
      .values({
        id: attempt.id,
        job_id: attempt.jobId,
        number: attempt.number,
        ...toPatchRow(attempt),
      } as AttemptsTable)
      .execute();
  }

  async update(id: string, patch: AttemptPatch): Promise<void> {
    const row = toPatchRow(patch);
    if (Object.keys(row).length === 0) return;
    await this.db.updateTable('attempts').set(row).where('id', '=', id).execute();
  }

  async insertAsOwner(attempt: Attempt, owner: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const job = await trx
        .selectFrom('generation_jobs')
        .select('id')
        .where('id', '=', attempt.jobId)
        .where('lease_owner', '=', owner)
        .executeTakeFirst();
      if (!job) return false;
      await trx
        .insertInto('attempts')
        .values({
          id: attempt.id,
          job_id: attempt.jobId,
          number: attempt.number,
          ...toPatchRow(attempt),
        } as AttemptsTable)
        .execute();
      return true;
    });
  }

  async updateAsOwner(id: string, owner: string, patch: AttemptPatch): Promise<boolean> {
    const row = toPatchRow(patch);
    const result = await this.db
      .updateTable('attempts')
      .set(Object.keys(row).length === 0 ? { id } : row)
      .where('id', '=', id)
      .where('job_id', 'in', (eb) =>
        eb.selectFrom('generation_jobs').select('generation_jobs.id').where('lease_owner', '=', owner),
      )
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async listByJob(jobId: string): Promise<Attempt[]> {
    const rows = await this.db
      .selectFrom('attempts')
      .selectAll()
      .where('job_id', '=', jobId)
      .orderBy('number')
      .execute();
    return rows.map(toAttempt);
  }

  async countByStatus(jobId: string): Promise<Record<AttemptStatus, number>> {
    const rows = await this.db
      .selectFrom('attempts')
      .select(['status', (eb) => eb.fn.countAll<number>().as('count')])
      .where('job_id', '=', jobId)
      .groupBy('status')
      .execute();
    const counts = Object.fromEntries(ATTEMPT_STATUSES.map((s) => [s, 0])) as Record<AttemptStatus, number>;
    for (const row of rows) counts[row.status as AttemptStatus] = Number(row.count);
    return counts;
  }

  async listFilteredByActor(actorId: ActorId): Promise<FilteredAttempt[]> {
    const rows = await this.db
      .selectFrom('attempts')
      .innerJoin('generation_jobs', 'generation_jobs.id', 'attempts.job_id')
      .select([
        'attempts.prompt_id',
        'attempts.started_at',
        'attempts.ended_at',
        'generation_jobs.provider',
        'generation_jobs.provider_options',
      ])
      .where('generation_jobs.actor_id', '=', actorId)
      .where('attempts.failure_class', 'in', ['content_filter', 'off_model'])
      .orderBy('attempts.started_at')
      .execute();
    return rows.map((row) => ({
      promptId: row.prompt_id,
      provider: row.provider,
      providerOptions: JSON.parse(row.provider_options) as Record<string, string>,
      atIso: row.ended_at ?? row.started_at,
    }));
  }
}

function toAttempt(row: Selectable<AttemptsTable>): Attempt {
  return {
    id: row.id,
    jobId: row.job_id,
    number: Number(row.number),
    status: row.status as AttemptStatus,
    promptId: row.prompt_id,
    prompt: row.prompt,
    type: row.type as ImageType,
    seed: Number(row.seed),
    providerRunId: row.provider_run_id,
    outputUrl: row.output_url,
    failureClass: row.failure_class as FailureClass | null,
    failureCode: row.failure_code,
    message: row.message,
    costMicroUsd: Number(row.cost_micro_usd),
    imageId: row.image_id,
    startedAt: row.started_at,
    endedAt: row.ended_at,
  };
}

const FIELD_TO_COLUMN: Readonly<Record<keyof AttemptPatch, keyof AttemptsTable>> = {
  status: 'status',
  promptId: 'prompt_id',
  prompt: 'prompt',
  type: 'type',
  seed: 'seed',
  providerRunId: 'provider_run_id',
  outputUrl: 'output_url',
  failureClass: 'failure_class',
  failureCode: 'failure_code',
  message: 'message',
  costMicroUsd: 'cost_micro_usd',
  imageId: 'image_id',
  startedAt: 'started_at',
  endedAt: 'ended_at',
};

function toPatchRow(patch: AttemptPatch): Partial<AttemptsTable> {
  const row: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(FIELD_TO_COLUMN)) {
    const value = patch[field as keyof AttemptPatch];
    if (value !== undefined) row[column] = value;
  }
  return row as Partial<AttemptsTable>;
}
