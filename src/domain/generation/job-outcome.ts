import type { FinalJobStatus, GenerationJob } from './job.js';

type Counts = Pick<GenerationJob, 'status' | 'completedImages' | 'requestedImages'>;

/**
 * How a job that stopped on its own ends: `completed` only when it kept at least one image (a job that ran out of
 * attempts, money or odds with nothing to show has failed, whatever the launch decision called it). Canceled and
 * failed stay as they are.
 */
export function outcomeStatus(decided: FinalJobStatus, completedImages: number): FinalJobStatus {
  return decided === 'completed' && completedImages === 0 ? 'failed' : decided;
}

/** A completed job that kept some images but fewer than asked: a partial set, never shown as a plain success. */
export function isPartial(job: Counts): boolean {
  return job.status === 'completed' && job.completedImages < job.requestedImages;
}

/** How the CLI and the UI name a job's outcome: `completed`, `partial: 3/5`, `failed`, `canceled`, `processing`. */
export function outcomeLabel(job: Counts): string {
  return isPartial(job) ? `partial: ${job.completedImages}/${job.requestedImages}` : job.status;
}
