import { useCallback, useEffect, useRef, useState } from 'react';
import { api, errorMessage } from '../api/client';
import { openJobStream, type StreamMode } from '../api/job-stream';
import { isActiveJob, type Attempt, type Job } from '../api/types';
import { actorHref } from '../route';
import { upsertAttempt, upsertJob } from '../state/job-updates';
import { ErrorMessage } from './error-message';
import { JobCard } from './job-card';

const MODE_LABELS: Record<StreamMode, string> = {
  connecting: 'Connecting for live updates…',
  live: 'Live',
  polling: 'Live updates unavailable: refreshing every 10 s',
};

export function JobsTab({ actorId, onJobEnded }: { actorId: string; onJobEnded: () => void }) {
  const [jobs, setJobs] = useState<Job[] | undefined>();
  const [attempts, setAttempts] = useState<Record<string, Attempt[]>>({});
  const [error, setError] = useState<string | undefined>();
  const [mode, setMode] = useState<StreamMode>('connecting');
  const [warnings, setWarnings] = useState<Record<string, string>>({});
  const attemptsRef = useRef(attempts);
  useEffect(() => {
    attemptsRef.current = attempts;
  }, [attempts]);

  const mergeJob = useCallback((job: Job) => setJobs((current) => upsertJob(current ?? [], job)), []);
  const loadAttempts = useCallback(async (jobId: string, signal?: AbortSignal) => {
    const detail = await api.getJob(jobId, signal);
    setJobs((current) => upsertJob(current ?? [], detail.job));
    setAttempts((current) => ({ ...current, [jobId]: detail.attempts.reduce(upsertAttempt, current[jobId] ?? []) }));
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    const poll = async (): Promise<void> => {
      try {
        const listed = (await api.listJobs({ actorId }, controller.signal)).jobs;
        setJobs((current) => listed.reduce(upsertJob, current ?? []));
        const open = listed.filter((job) => isActiveJob(job) && attemptsRef.current[job.id] !== undefined);
        await Promise.all(open.map((job) => loadAttempts(job.id, controller.signal)));
        setError(undefined);
      } catch (caught) {
        if (!controller.signal.aborted) setError(errorMessage(caught));
      }
    };
    const stop = openJobStream({
      url: '/api/events',
      poll,
      onJob: (job) => {
        if (job.actorId === actorId) mergeJob(job);
      },
      onAttempt: (attempt) =>
        setAttempts((current) => {
          const held = current[attempt.jobId];
          return held ? { ...current, [attempt.jobId]: upsertAttempt(held, attempt) } : current;
        }),
      onWarning: ({ jobId, message }) => setWarnings((current) => ({ ...current, [jobId]: message })),
      onModeChange: setMode,
    });
    return () => {
      stop();
      controller.abort();
    };
  }, [actorId, mergeJob, loadAttempts]);

  useJobEndNotice(jobs, onJobEnded);

  if (jobs === undefined) return error ? <ErrorMessage message={error} /> : <p className="muted">Loading jobs…</p>;
  return (
    <>
      <p className={`stream-status stream-${mode}`} role="status">
        <span className="dot" aria-hidden="true" /> {MODE_LABELS[mode]}
      </p>
      <ErrorMessage message={error} />
      {jobs.length === 0 ? (
        <section className="empty-state">
          <h2>No jobs yet</h2>
          <p>
            Jobs for this actor appear here with live progress.{' '}
            <a href={actorHref(actorId, 'generate')}>Start one on Generate Images</a>.
          </p>
        </section>
      ) : (
        <div className="job-list">
          {jobs.map((job) => (
            <JobCard
              key={job.id}
              job={job}
              attempts={attempts[job.id]}
              onLoadAttempts={loadAttempts}
              onJobChanged={mergeJob}
              warning={warnings[job.id]}
            />
          ))}
        </div>
      )}
    </>
  );
}

/** Calls `onEnded` when a job that was running ends, so the actor's image counts can be refreshed. */
function useJobEndNotice(jobs: Job[] | undefined, onEnded: () => void): void {
  const activeIds = useRef<Set<string>>(new Set());
  useEffect(() => {
    if (!jobs) return;
    const nowActive = new Set(jobs.filter(isActiveJob).map((job) => job.id));
    const hasEnded = [...activeIds.current].some((id) => !nowActive.has(id));
    activeIds.current = nowActive;
    if (hasEnded) onEnded();
  }, [jobs, onEnded]);
}
