import type { Job } from '../api/types';
import { formatPercent } from '../format';

export type RateColor = 'green' | 'yellow' | 'red';

/** The seed's bands: green from 80%, yellow/orange from 50%, red below. */
export function rateColor(percent: number): RateColor {
  if (percent >= 80) return 'green';
  if (percent >= 50) return 'yellow';
  return 'red';
}

export function SuccessRate({ job }: { job: Pick<Job, 'successRate' | 'finishedAttempts'> }) {
  if (!job.finishedAttempts) {
    return (
      <span className="rate rate-none" data-testid="success-rate" data-color="none" title="No attempt has finished yet">
        Success rate —
      </span>
    );
  }
  const color = rateColor(job.successRate);
  return (
    <span
      className={`rate rate-${color}`}
      data-testid="success-rate"
      data-color={color}
      title="Images kept per finished attempt"
    >
      Success rate <strong>{formatPercent(job.successRate)}</strong>
    </span>
  );
}
