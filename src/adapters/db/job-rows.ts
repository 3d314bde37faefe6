import type { Selectable } from 'kysely';
import type { ActorId } from '../../domain/actors/actor-id.js';
import type { GenerationJob, GeneratedBy, JobMode, JobStatus } from '../../domain/generation/job.js';
import type { SpendSplit } from '../../domain/generation/paid-ledger.js';
import type { TypeTargets } from '../../domain/generation/type-targets.js';
import type { StatedOdds } from '../../domain/policy/stated-odds.js';
import type { GenerationJobsTable } from './schema.js';

type JobPatch = Partial<Omit<GenerationJob, 'id' | 'actorId'>>;

export function toJob(row: Selectable<GenerationJobsTable>): GenerationJob {
  return {
    id: row.id,
    actorId: row.actor_id as ActorId,
    status: row.status as JobStatus,
    requestedImages: Number(row.requested_images),
    typeTargets: JSON.parse(row.type_targets) as TypeTargets,
    maxAttempts: Number(row.max_attempts),
    concurrency: Number(row.concurrency),
    mode: row.mode as JobMode,
    earlyStopBelow: Number(row.early_stop_below),
    forecast: row.forecast === null ? null : (JSON.parse(row.forecast) as StatedOdds),
    costCapMicroUsd: row.cost_cap_micro_usd === null ? null : Number(row.cost_cap_micro_usd),
    priceMicroUsd: Number(row.price_micro_usd),
    provider: row.provider,
    providerOptions: JSON.parse(row.provider_options) as Record<string, string>,
    generatedBy: row.generated_by as GeneratedBy,
    isIdentityGated: Number(row.identity_gate) === 1,
    promptsPath: row.prompts_path,
    currentAttempt: Number(row.current_attempt),
    completedImages: Number(row.completed_images),
    finishedAttempts: Number(row.finished_attempts),
    successRatePermille: Number(row.success_rate_permille),
    spendMicroUsd: Number(row.spend_micro_usd),
    spendSplit: {
      keptMicroUsd: Number(row.spend_kept_micro_usd),
      sparesMicroUsd: Number(row.spend_spares_micro_usd),
      discardedMicroUsd: Number(row.spend_discarded_micro_usd),
    },
    finishReason: row.finish_reason,
    isCancelRequested: Number(row.is_cancel_requested) === 1,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    leaseOwner: row.lease_owner,
    leaseUntil: row.lease_until,
  };
}

export function toJobRow(job: GenerationJob): GenerationJobsTable {
  const { id, actorId, ...fields } = job;
  return { id, actor_id: actorId, ...toJobPatchRow(fields) } as GenerationJobsTable;
}

const COLUMNS: { [K in keyof JobPatch]-?: (value: NonNullable<JobPatch[K]> | null) => Partial<GenerationJobsTable> } = {
  status: (v) => ({ status: v as string }),
  requestedImages: (v) => ({ requested_images: v as number }),
  typeTargets: (v) => ({ type_targets: JSON.stringify(v) }),
  maxAttempts: (v) => ({ max_attempts: v as number }),
  concurrency: (v) => ({ concurrency: v as number }),
  mode: (v) => ({ mode: v as string }),
  earlyStopBelow: (v) => ({ early_stop_below: v as number }),
  forecast: (v) => ({ forecast: v === null ? null : JSON.stringify(v) }),
  costCapMicroUsd: (v) => ({ cost_cap_micro_usd: v }),
  priceMicroUsd: (v) => ({ price_micro_usd: v as number }),
  provider: (v) => ({ provider: v as string }),
  providerOptions: (v) => ({ provider_options: JSON.stringify(v) }),
  generatedBy: (v) => ({ generated_by: v as string }),
  isIdentityGated: (v) => ({ identity_gate: v ? 1 : 0 }),
  promptsPath: (v) => ({ prompts_path: v }),
  currentAttempt: (v) => ({ current_attempt: v as number }),
  completedImages: (v) => ({ completed_images: v as number }),
  finishedAttempts: (v) => ({ finished_attempts: v as number }),
  successRatePermille: (v) => ({ success_rate_permille: v as number }),
  spendMicroUsd: (v) => ({ spend_micro_usd: v as number }),
  spendSplit: (v) => {
    const split = v as SpendSplit;
    return {
      spend_kept_micro_usd: split.keptMicroUsd,
      spend_spares_micro_usd: split.sparesMicroUsd,
      spend_discarded_micro_usd: split.discardedMicroUsd,
    };
  },
  finishReason: (v) => ({ finish_reason: v }),
  isCancelRequested: (v) => ({ is_cancel_requested: v ? 1 : 0 }),
  createdAt: (v) => ({ created_at: v as string }),
  startedAt: (v) => ({ started_at: v }),
  finishedAt: (v) => ({ finished_at: v }),
  leaseOwner: (v) => ({ lease_owner: v }),
  leaseUntil: (v) => ({ lease_until: v }),
};

/** Maps the fields present in a patch to their columns; absent fields are left alone. */
export function toJobPatchRow(patch: JobPatch): Partial<GenerationJobsTable> {
  const row: Partial<GenerationJobsTable> = {};
  for (const key of Object.keys(patch) as (keyof JobPatch)[]) {
    const value = patch[key];
    if (value === undefined) continue;
    Object.assign(row, (COLUMNS[key] as (v: unknown) => Partial<GenerationJobsTable>)(value));
  }
  return row;
}
