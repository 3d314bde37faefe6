// Merging job and attempt updates that arrive from three places (list fetches, stream events, cancel replies) in
// any order, so an older copy never overwrites a newer one.
import { isActiveJob, type Attempt, type Job } from '../api/types';

/** Whether `next` may replace `current`: an ended job never goes back to running, and progress never goes back. */
export function isNewerJob(next: Job, current: Job): boolean {
  if (!isActiveJob(current) && isActiveJob(next)) return false;
  if (next.currentAttempt < current.currentAttempt || next.completedImages < current.completedImages) return false;
  return true;
}

/** Newest first, the order the Jobs tab shows. */
export function upsertJob(jobs: readonly Job[], job: Job): Job[] {
  const current = jobs.find((j) => j.id === job.id);
  if (current && !isNewerJob(job, current)) return jobs as Job[];
  const rest = jobs.filter((j) => j.id !== job.id);
  return [...rest, job].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
}

const ATTEMPT_RANK: Record<Attempt['status'], number> = {
  pending: 0,
  running: 1,
  storing: 2,
  succeeded: 3,
  failed: 3,
  canceled: 3,
};

/** In attempt-number order; a copy at an earlier stage than the one held is ignored. */
export function upsertAttempt(attempts: readonly Attempt[], attempt: Attempt): Attempt[] {
  const current = attempts.find((a) => a.id === attempt.id);
  if (current && ATTEMPT_RANK[attempt.status] < ATTEMPT_RANK[current.status]) return attempts as Attempt[];
  const rest = attempts.filter((a) => a.id !== attempt.id);
  return [...rest, attempt].sort((a, b) => a.number - b.number);
}
