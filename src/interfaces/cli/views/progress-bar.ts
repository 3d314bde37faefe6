import type { GenerationJob } from '../../../domain/generation/job.js';
import { formatPermille } from '../../../domain/generation/success-rate.js';
import { formatUsd } from '../../../domain/money/micro-usd.js';

const FULL = '█';
const EMPTY = '░';

export function renderBar(done: number, total: number, width: number): string {
  const filled = total <= 0 ? 0 : Math.min(width, Math.round((done / total) * width));
  return FULL.repeat(filled) + EMPTY.repeat(width - filled);
}

/** Color of a success rate, as the seed's UI: green from 80%, yellow from 50%, red below. */
export function successColor(permille: number): 'green' | 'yellow' | 'red' {
  if (permille >= 800) return 'green';
  if (permille >= 500) return 'yellow';
  return 'red';
}

const ANSI = { green: '\x1b[32m', yellow: '\x1b[33m', red: '\x1b[31m', reset: '\x1b[0m' } as const;

/** The two bars (images, attempts) with the success rate and spend. */
export function renderProgress(job: GenerationJob, options: { width: number; isColor: boolean }): string[] {
  const rate = formatPermille(job.successRatePermille);
  const shownRate = options.isColor ? `${ANSI[successColor(job.successRatePermille)]}${rate}${ANSI.reset}` : rate;
  const count = (a: number, b: number) => `${String(a).padStart(String(b).length)}/${b}`;
  return [
    `Images   ${renderBar(job.completedImages, job.requestedImages, options.width)} ${count(job.completedImages, job.requestedImages)}`,
    `Attempts ${renderBar(job.currentAttempt, job.maxAttempts, options.width)} ${count(job.currentAttempt, job.maxAttempts)}  Success rate ${shownRate}  Spent ${formatUsd(job.spendMicroUsd)}`,
  ];
}

/** The seed's log line: `Attempt 3/13, Images: 2/5, Success Rate: 66.7%`. */
export function attemptLine(attemptNumber: number, job: GenerationJob): string {
  return `Attempt ${attemptNumber}/${job.maxAttempts}, Images: ${job.completedImages}/${job.requestedImages}, Success Rate: ${formatPermille(job.successRatePermille)}`;
}
