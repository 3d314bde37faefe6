import type { GenerationJob } from '../../../domain/generation/job.js';
import { formatUsd } from '../../../domain/money/micro-usd.js';
import type { StatedOdds } from '../../../domain/policy/stated-odds.js';
import { countOf } from '../../../domain/text/count-noun.js';

/** "99.3%": odds near certainty keep a decimal, so 99.9% and 100% stay apart. */
export function formatOdds(probability: number): string {
  const percent = 100 * probability;
  if (percent > 99.95 && percent < 100) return '>99.9%';
  if (percent > 0 && percent < 0.05) return '<0.1%';
  return `${percent.toFixed(percent >= 10 ? 1 : 2).replace(/\.?0+$/, '')}%`;
}

/** "45 s", "3 min 20 s", "1 h 05 min". */
export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${String(seconds % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** The odds of a planned job: will it get there, the most it may take, and what it should take. */
export function oddsLines(odds: StatedOdds, requestedImages: number): string[] {
  const attempts = `${odds.expectedAttempts.toFixed(1)} attempts (90%: ${odds.attemptsP05}-${odds.attemptsP95})`;
  const cost = `${formatUsd(odds.expectedCostMicroUsd)} if every attempt is billed (90%: ${formatUsd(odds.costP05MicroUsd)}-${formatUsd(odds.costP95MicroUsd)})`;
  const lines = [
    `Odds: ${formatOdds(odds.pReachN)} to reach ${countOf(requestedImages, 'image')} within the caps, over every success rate the estimate still allows (about ${formatOdds(odds.successRate)})`,
  ];
  if (odds.ceilingAttempts !== undefined && odds.ceilingCostMicroUsd !== undefined) {
    lines.push(
      `Ceiling: at most ${odds.ceilingAttempts} attempts (${formatUsd(odds.ceilingCostMicroUsd)} if every attempt is billed); a lower rate than expected makes the job go on up to it, never past it`,
    );
  }
  lines.push(
    `Expect ${attempts}, ${cost}, about ${formatDuration(odds.expectedWallMs)} (95%: under ${formatDuration(odds.wallP95Ms)})`,
  );
  return lines;
}

/** The forecast set beside what happened, once a job has ended. */
export function forecastVersusOutcome(job: GenerationJob): string | undefined {
  if (job.forecast === null) return undefined;
  const reached = job.completedImages >= job.requestedImages ? 'reached' : 'did not reach';
  return (
    `Forecast: ${formatOdds(job.forecast.pReachN)} to reach ${job.requestedImages} in about ${job.forecast.expectedAttempts.toFixed(1)} attempts; ` +
    `outcome: ${reached} it, ${countOf(job.completedImages, 'image')} in ${countOf(job.currentAttempt, 'attempt')}.`
  );
}
