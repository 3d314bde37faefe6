import type { AppDeps } from '../app-deps.js';
import { TroupeError } from '../../domain/errors/troupe-error.js';
import type { GenerationJob } from '../../domain/generation/job.js';

type Deps = Pick<AppDeps, 'jobs' | 'clock' | 'events'>;

/**
 * Asks a job to stop, in one conditional update (so it can neither overwrite a job that just ended nor end one a
 * process just claimed). A running job sees the request within its cancel poll (a quarter second, in any process),
 * stops launching and cancels what is in flight; a queued job nobody has claimed is canceled at once.
 */
export async function cancelJob(deps: Deps, jobId: string): Promise<GenerationJob> {
  const now = new Date(deps.clock.now()).toISOString();
  const updated = await deps.jobs.requestCancel(jobId, now, 'Canceled before it started.');
  if (!updated) {
    const job = await deps.jobs.get(jobId);
    if (!job) throw new TroupeError('NOT_FOUND', `Job ${jobId} not found: list jobs with troupe jobs list.`);
    throw new TroupeError('JOB_STATE', `Job ${jobId} already ended (${job.status}); there is nothing to cancel.`);
  }
  deps.events.publish({ type: 'job.updated', job: updated });
  return updated;
}
