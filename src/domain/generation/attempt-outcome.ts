import type { AttemptOutcome } from '../policy/beta-estimate.js';
import type { Attempt } from './attempt.js';

/** What an ended attempt says about success rates; undefined when it says nothing (canceled, or still running). */
export function attemptOutcome(attempt: Pick<Attempt, 'status' | 'failureClass'>): AttemptOutcome | undefined {
  if (attempt.status === 'succeeded') return 'success';
  if (attempt.status !== 'failed') return undefined;
  return attempt.failureClass ?? 'transient';
}
