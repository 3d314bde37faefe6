import type { AppDeps } from '../app-deps.js';
import { TroupeError } from '../../domain/errors/troupe-error.js';
import { isFinalJobStatus, type GenerationJob } from '../../domain/generation/job.js';

type Deps = Pick<AppDeps, 'jobs' | 'clock' | 'events'>;

/**
 * Asks a job to stop. A running job sees the request within its cancel poll (a quarter second, in any process),
 * stops launching and cancels what is in flight; a job nobody is running yet is canceled at once.
 */
export async function cancelJob(deps: Deps, jobId: string): Promise<GenerationJob> {
  const job = await deps.jobs.get(jobId);
  if (!job) throw new TroupeError('NOT_FOUND', `Job ${jobId} not found: list jobs with troupe jobs list.`);
  if (isFinalJobStatus(job.status)) {
    throw new TroupeError('JOB_STATE', `Job ${jobId} already ended (${job.status}); there is nothing to cancel.`);
  }
  const isIdle = job.status === 'queued' && job.leaseOwner === null;
  const patch: Partial<GenerationJob> = isIdle
    ? {
        isCancelRequested: true,
        status: 'canceled',
        finishReason: 'Canceled before it started.',
        finishedAt: new Date(deps.clock.now()).toISOString(),
      }
    : { isCancelRequested: true };
  await deps.jobs.update(jobId, patch);
  const updated = { ...job, ...patch };
  deps.events.publish({ type: 'job.updated', job: updated });
  return updated;
}
