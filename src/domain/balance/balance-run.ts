import type { ActorId } from '../actors/actor-id.js';

/** How one step of a balance execute ended: reported for every step, a failure never stops the others. */
export type StepOutcome = 'deleted' | 'failed' | 'skipped' | 'queued';

export type BalanceStep =
  | {
      readonly kind: 'delete';
      readonly file: string;
      readonly imageId: string;
      readonly outcome: Extract<StepOutcome, 'deleted' | 'failed' | 'skipped'>;
      /** Why it was deleted (the plan's reasons), or why it failed or was skipped. */
      readonly reason: string;
      /** The S3 copy: deleted, could not be deleted (left for the audit), or no mirror / never uploaded. */
      readonly mirror?: 'deleted' | 'failed' | 'none';
    }
  | {
      readonly kind: 'generate';
      readonly outcome: Extract<StepOutcome, 'queued' | 'failed' | 'skipped'>;
      readonly reason: string;
      readonly jobId?: string;
      /** `photorealistic=2,bw_stylized=1` */
      readonly types?: string;
    };

export type BalanceRunStatus = 'running' | 'done' | 'done_with_failures';

/** One balance execute as recorded in `balance_runs`. */
export interface BalanceRun {
  readonly id: string;
  readonly actorId: ActorId;
  readonly status: BalanceRunStatus;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  /** The plan as it was shown (balancePlanView). */
  readonly plan: unknown;
  readonly steps: readonly BalanceStep[];
  readonly jobId: string | null;
}

export function runStatusOf(steps: readonly BalanceStep[]): BalanceRunStatus {
  return steps.some((step) => step.outcome === 'failed') ? 'done_with_failures' : 'done';
}
