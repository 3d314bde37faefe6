import { useState } from 'react';
import { api, errorMessage } from '../api/client';
import { isActiveJob, type Attempt, type Job } from '../api/types';
import { countOf, formatChance, formatDateTime, formatElapsed, formatUsd } from '../format';
import { useNow } from '../use-now';
import { AttemptList } from './attempt-list';
import { ErrorMessage } from './error-message';
import { ProgressBar } from './progress-bar';
import { SuccessRate } from './success-rate';

interface JobCardProps {
  job: Job;
  /** Undefined until the attempts are loaded, which happens the first time the list is opened. */
  attempts: Attempt[] | undefined;
  onLoadAttempts: (jobId: string) => Promise<void>;
  onJobChanged: (job: Job) => void;
  /** Said once while the job ran, e.g. S3 unavailable: the images are pending upload. */
  warning?: string;
}

export function JobCard({ job, attempts, onLoadAttempts, onJobChanged, warning }: JobCardProps) {
  const [isExpanded, setIsExpanded] = useState(false);
  const [isCanceling, setIsCanceling] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const isActive = isActiveJob(job);
  const now = useNow(job.status === 'processing');
  const options = Object.values(job.providerOptions).join(', ');

  async function cancel(): Promise<void> {
    setIsCanceling(true);
    setError(undefined);
    try {
      onJobChanged((await api.cancelJob(job.id)).job);
    } catch (caught) {
      setError(errorMessage(caught));
    }
    setIsCanceling(false);
  }

  function toggleAttempts(): void {
    setIsExpanded(!isExpanded);
    if (!isExpanded && attempts === undefined)
      onLoadAttempts(job.id).catch((caught: unknown) => setError(errorMessage(caught)));
  }

  return (
    <article
      className={`card job-card status-${job.partial ? 'partial' : job.status}`}
      data-testid="job-card"
      data-status={job.status}
      data-partial={job.partial}
      data-job-id={job.id}
    >
      <header className="job-card-header">
        <span className={`badge badge-${job.partial ? 'partial' : job.status}`} data-testid="job-outcome">
          {job.isCancelRequested && isActive
            ? 'canceling'
            : job.partial
              ? `partial: ${job.completedImages}/${job.requestedImages}`
              : job.status}
        </span>
        <span className="mono small muted" title="Job id">
          {job.id}
        </span>
        <span className="small muted job-time">
          {formatDateTime(job.createdAt)}
          {job.startedAt && ` · ${formatElapsed(elapsedMs(job, now))}`}
        </span>
      </header>
      <div className="job-bars">
        <ProgressBar label="Images" value={job.completedImages} max={job.requestedImages} testId="images-progress" />
        <ProgressBar
          label="Attempts"
          value={job.currentAttempt}
          max={job.maxAttempts}
          testId="attempts-progress"
          tone="neutral"
        />
      </div>
      <div className="job-stats small">
        <SuccessRate job={job} />
        <span>
          Spend <strong>{formatUsd(job.spendUsd)}</strong>
          {job.provider === 'sim' && <span className="muted"> (simulated)</span>}
          {job.costCapUsd !== null && <span className="muted"> of {formatUsd(job.costCapUsd)} cap</span>}
          {(job.spendSplit.sparesUsd > 0 || job.spendSplit.discardedUsd > 0) && (
            <span className="muted" data-testid="job-spend-split">
              {' '}
              (kept {formatUsd(job.spendSplit.keptUsd)} · spares {formatUsd(job.spendSplit.sparesUsd)} · discarded{' '}
              {formatUsd(job.spendSplit.discardedUsd)})
            </span>
          )}
        </span>
        <span className="muted">
          {job.provider}
          {options && ` · ${options}`} · {job.mode}, {job.concurrency} at once
        </span>
      </div>
      {job.forecast !== null && (
        <p className="small muted" data-testid="job-forecast">
          Forecast: {formatChance(job.forecast.pReachN)} to reach {job.requestedImages} in about{' '}
          {job.forecast.expectedAttempts.toFixed(1)} attempts
          {!isActive &&
            ` · outcome: ${countOf(job.completedImages, 'image')} in ${countOf(job.currentAttempt, 'attempt')}`}
        </p>
      )}
      {warning && isActive && (
        <p className="job-warning small" role="alert" data-testid="job-warning">
          {warning}
        </p>
      )}
      {job.finishReason && !isActive && <p className="finish-reason">{job.finishReason}</p>}
      {job.isCancelRequested && isActive && (
        <p className="small muted">Cancel requested: no new attempts; runs in flight are being stopped.</p>
      )}
      <ErrorMessage message={error} />
      <div className="job-actions">
        <button type="button" className="button small-button" aria-expanded={isExpanded} onClick={toggleAttempts}>
          {isExpanded ? 'Hide attempts' : 'Attempts'}
        </button>
        {isActive && (
          <button
            type="button"
            className="button small-button danger-outline"
            onClick={() => void cancel()}
            disabled={isCanceling || job.isCancelRequested}
            data-testid="cancel-job"
          >
            {job.isCancelRequested ? 'Canceling…' : 'Cancel'}
          </button>
        )}
      </div>
      {isExpanded &&
        (attempts ? <AttemptList attempts={attempts} /> : <p className="muted small">Loading attempts…</p>)}
    </article>
  );
}

function elapsedMs(job: Job, nowMs: number): number {
  const start = Date.parse(job.startedAt ?? job.createdAt);
  const end = job.finishedAt ? Date.parse(job.finishedAt) : nowMs;
  return end - start;
}
