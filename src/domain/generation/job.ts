import type { ActorId } from '../actors/actor-id.js';
import type { MicroUsd } from '../money/micro-usd.js';
import type { LaunchMode } from '../policy/launch-modes.js';
import type { StatedOdds } from '../policy/stated-odds.js';
import type { SpendSplit } from './paid-ledger.js';
import type { TypeTargets } from './type-targets.js';

export const JOB_STATUSES = ['queued', 'processing', 'completed', 'canceled', 'failed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export type FinalJobStatus = Extract<JobStatus, 'completed' | 'canceled' | 'failed'>;

export function isFinalJobStatus(status: JobStatus): status is FinalJobStatus {
  return status === 'completed' || status === 'canceled' || status === 'failed';
}

/**
 * How a job launches: one of the launch modes, or `seed`, the seed's behaviour (thrifty, one at a time, the seed's
 * attempt cap), kept under its own name so every view says "seed mode".
 */
export type JobMode = LaunchMode | 'seed';

export function launchModeOf(mode: JobMode): LaunchMode {
  return mode === 'seed' ? 'thrifty' : mode;
}

/** Who asked for the images; the manifest's `generated_by`. */
export type GeneratedBy = 'troupe' | 'balancer';

export interface GenerationJob {
  readonly id: string;
  readonly actorId: ActorId;
  readonly status: JobStatus;
  readonly requestedImages: number;
  readonly typeTargets: TypeTargets;
  readonly maxAttempts: number;
  readonly concurrency: number;
  /** How many attempts to keep in flight (see domain/policy/launch-modes.ts). */
  readonly mode: JobMode;
  /** Stop launching once P(reach N within the caps) falls below this; 0 never stops early. */
  readonly earlyStopBelow: number;
  /** The odds stated before the start, kept to compare with the outcome; null for jobs older than forecasts. */
  readonly forecast: StatedOdds | null;
  readonly costCapMicroUsd: MicroUsd | null;
  readonly priceMicroUsd: MicroUsd;
  /** Provider name and its options (the sim's scenario), so a resumed job runs as it started. */
  readonly provider: string;
  readonly providerOptions: Readonly<Record<string, string>>;
  readonly generatedBy: GeneratedBy;
  /** Outputs showing another person's face (the identity check) fail as off_model instead of being kept. */
  readonly isIdentityGated: boolean;
  /** The prompts file the job draws from; null for the built-in library. */
  readonly promptsPath: string | null;
  readonly currentAttempt: number;
  readonly completedImages: number;
  /** Attempts that have ended (succeeded or failed): the success rate's denominator. */
  readonly finishedAttempts: number;
  readonly successRatePermille: number;
  /** Every prediction the provider billed, charged the moment it was known, kept or not. */
  readonly spendMicroUsd: MicroUsd;
  readonly spendSplit: SpendSplit;
  /** Why the job ended as it did, written for users (also set for partial completions). */
  readonly finishReason: string | null;
  readonly isCancelRequested: boolean;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  /** The process running the job and until when its claim holds; a dead process's claim lapses. */
  readonly leaseOwner: string | null;
  readonly leaseUntil: string | null;
}
