import { useEffect, useRef } from 'react';
import { isActiveJob, type Job } from '../api/types';
import { useLiveJob } from '../use-live-job';
import { JobCard } from './job-card';

interface BalanceRunProps {
  log: string[];
  job: Job | null;
  /** Called once, when the top-up job ends. */
  onEnded: () => void;
}

/** What an execute did: the balancer's log, then the top-up job with live progress. */
export function BalanceRun({ log, job, onEnded }: BalanceRunProps) {
  const section = useRef<HTMLElement>(null);
  useEffect(() => section.current?.focus(), []);
  return (
    <section ref={section} tabIndex={-1} className="card balance-run" aria-labelledby="balance-run-title">
      <h2 id="balance-run-title">Balance run</h2>
      <ul className="balance-log" data-testid="balance-log" aria-label="Balancer log">
        {log.map((line, index) => (
          <li key={index}>{line}</li>
        ))}
      </ul>
      {job ? (
        <LiveJobCard initial={job} onEnded={onEnded} />
      ) : (
        <p className="small muted">Nothing to generate: no top-up job was queued.</p>
      )}
    </section>
  );
}

function LiveJobCard({ initial, onEnded }: { initial: Job; onEnded: () => void }) {
  const { job, attempts, loadAttempts, mergeJob } = useLiveJob(initial);
  const isActive = isActiveJob(job);
  const wasActive = useRef(true);
  useEffect(() => {
    if (!wasActive.current || isActive) return;
    wasActive.current = false;
    onEnded();
  }, [isActive, onEnded]);

  return (
    <>
      <p className="small muted" role="status">
        {isActive
          ? 'Top-up running: the plan is worked out again when it ends.'
          : 'Top-up finished: the plan has been worked out again.'}
      </p>
      <JobCard job={job} attempts={attempts} onLoadAttempts={loadAttempts} onJobChanged={mergeJob} />
    </>
  );
}
