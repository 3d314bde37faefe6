// One job followed live, as the Jobs tab follows all of them: its event stream, or polling when that fails.
import { useCallback, useEffect, useState } from 'react';
import { api } from './api/client';
import { openJobStream } from './api/job-stream';
import type { Attempt, Job } from './api/types';
import { isNewerJob, upsertAttempt } from './state/job-updates';

export interface LiveJob {
  job: Job;
  attempts: Attempt[] | undefined;
  loadAttempts: (jobId: string) => Promise<void>;
  mergeJob: (job: Job) => void;
}

export function useLiveJob(initial: Job): LiveJob {
  const [job, setJob] = useState(initial);
  const [attempts, setAttempts] = useState<Attempt[] | undefined>();
  const jobId = initial.id;

  const mergeJob = useCallback((next: Job) => setJob((current) => (isNewerJob(next, current) ? next : current)), []);
  const load = useCallback(
    async (signal?: AbortSignal) => {
      const detail = await api.getJob(jobId, signal);
      mergeJob(detail.job);
      setAttempts((current) => detail.attempts.reduce(upsertAttempt, current ?? []));
    },
    [jobId, mergeJob],
  );

  useEffect(() => {
    const controller = new AbortController();
    const stop = openJobStream({
      url: `/api/jobs/${encodeURIComponent(jobId)}/events`,
      poll: () => load(controller.signal),
      onJob: mergeJob,
      onAttempt: (attempt) => setAttempts((current) => upsertAttempt(current ?? [], attempt)),
    });
    return () => {
      stop();
      controller.abort();
    };
  }, [jobId, load, mergeJob]);

  const loadAttempts = useCallback(() => load(), [load]);
  return { job, attempts, loadAttempts, mergeJob };
}
