import type { Kysely, Selectable } from 'kysely';
import type { BalanceRunRepo } from '../../app/ports.js';
import type { ActorId } from '../../domain/actors/actor-id.js';
import type { BalanceRun, BalanceRunStatus, BalanceStep } from '../../domain/balance/balance-run.js';
import type { BalanceRunsTable, TroupeDatabase } from './schema.js';

export class KyselyBalanceRunRepo implements BalanceRunRepo {
  constructor(private readonly db: Kysely<TroupeDatabase>) {}

  async insert(run: BalanceRun): Promise<void> {
    await this.db
      .insertInto('balance_runs')
      .values({
        id: run.id,
        actor_id: run.actorId,
        status: run.status,
        started_at: run.startedAt,
        finished_at: run.finishedAt,
        plan: JSON.stringify(run.plan),
        steps: JSON.stringify(run.steps),
        job_id: run.jobId,
      })
      .execute();
  }

  async finish(id: string, patch: Pick<BalanceRun, 'status' | 'finishedAt' | 'steps' | 'jobId'>): Promise<void> {
    await this.db
      .updateTable('balance_runs')
      .set({
        status: patch.status,
        finished_at: patch.finishedAt,
        steps: JSON.stringify(patch.steps),
        job_id: patch.jobId,
      })
      .where('id', '=', id)
      .execute();
  }

  async listByActor(actorId: ActorId): Promise<BalanceRun[]> {
    const rows = await this.db
      .selectFrom('balance_runs')
      .selectAll()
      .where('actor_id', '=', actorId)
      .orderBy('started_at')
      .orderBy('id')
      .execute();
    return rows.map(toRun);
  }
}

function toRun(row: Selectable<BalanceRunsTable>): BalanceRun {
  return {
    id: row.id,
    actorId: row.actor_id as ActorId,
    status: row.status as BalanceRunStatus,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    plan: JSON.parse(row.plan) as unknown,
    steps: JSON.parse(row.steps) as BalanceStep[],
    jobId: row.job_id,
  };
}
