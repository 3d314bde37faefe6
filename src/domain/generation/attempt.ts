import type { MicroUsd } from '../money/micro-usd.js';
import type { ImageType } from '../prompts/image-type.js';
import type { FailureClass } from './failure-class.js';

/**
 * pending: row written, provider not yet called (a crash here leaves no run id to resume).
 * running: the provider accepted it; `providerRunId` is set.
 * storing: the provider succeeded; `outputUrl` is set and the image is being downloaded and kept.
 */
export const ATTEMPT_STATUSES = ['pending', 'running', 'storing', 'succeeded', 'failed', 'canceled'] as const;
export type AttemptStatus = (typeof ATTEMPT_STATUSES)[number];

export function isFinalAttemptStatus(status: AttemptStatus): boolean {
  return status === 'succeeded' || status === 'failed' || status === 'canceled';
}

/** A run that succeeded after the job had its N images (a fast-mode spare): paid for, not kept, ended `canceled`. */
export function isPaidSpare(attempt: Pick<Attempt, 'status' | 'costMicroUsd'>): boolean {
  return attempt.status === 'canceled' && attempt.costMicroUsd > 0;
}

export interface Attempt {
  readonly id: string;
  readonly jobId: string;
  /** 1-based, in launch order within the job. */
  readonly number: number;
  readonly status: AttemptStatus;
  readonly promptId: string;
  readonly prompt: string;
  readonly type: ImageType;
  readonly seed: number;
  readonly providerRunId: string | null;
  readonly outputUrl: string | null;
  readonly failureClass: FailureClass | null;
  readonly failureCode: string | null;
  readonly message: string | null;
  readonly costMicroUsd: MicroUsd;
  readonly imageId: string | null;
  readonly startedAt: string;
  readonly endedAt: string | null;
}
