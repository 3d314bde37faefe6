import type { MicroUsd } from '../money/micro-usd.js';
import type { JobForecast } from './job-odds.js';

const CENT: MicroUsd = 10_000;

/** The odds of a planned job as told to the user before it starts, and recorded with the job to compare later. */
export interface StatedOdds {
  /** The success rate the forecast assumed for one attempt. */
  readonly successRate: number;
  /** P(reach N within the attempt and cost caps), over the estimate's whole uncertainty. */
  readonly pReachN: number;
  /**
   * The most the job may take, whatever rate it meets: attempts (the attempt cap, or what the cost cap pays for) and
   * their price. A job meeting a lower rate than planned goes on up to this, never past it. Absent on older jobs.
   */
  readonly ceilingAttempts?: number;
  readonly ceilingCostMicroUsd?: MicroUsd;
  readonly expectedAttempts: number;
  readonly attemptsP05: number;
  readonly attemptsP95: number;
  readonly expectedCostMicroUsd: MicroUsd;
  /** With costP95MicroUsd, the 90% range of what the job pays. */
  readonly costP05MicroUsd: MicroUsd;
  readonly costP95MicroUsd: MicroUsd;
  readonly expectedWallMs: number;
  readonly wallP95Ms: number;
  readonly method: JobForecast['method'];
}

/**
 * Puts a forecast in the user's units: every attempt is priced (a failed one too, at worst), and one round of
 * attempts takes about one generation's latency.
 */
export function stateOdds(
  forecast: JobForecast,
  successRate: number,
  priceMicroUsd: MicroUsd,
  latencyMs: number,
): StatedOdds {
  return {
    successRate,
    pReachN: forecast.pReachN,
    ceilingAttempts: forecast.ceilingAttempts,
    ceilingCostMicroUsd: forecast.ceilingAttempts * priceMicroUsd,
    expectedAttempts: forecast.expectedAttempts,
    attemptsP05: forecast.attemptsP05,
    attemptsP95: forecast.attemptsP95,
    // An expectation to the micro-dollar reads as false precision: whole cents.
    expectedCostMicroUsd: Math.round((forecast.expectedAttempts * priceMicroUsd) / CENT) * CENT,
    costP05MicroUsd: forecast.attemptsP05 * priceMicroUsd,
    costP95MicroUsd: forecast.attemptsP95 * priceMicroUsd,
    expectedWallMs: Math.round(forecast.expectedWallRounds * latencyMs),
    wallP95Ms: forecast.wallP95Rounds * latencyMs,
    method: forecast.method,
  };
}
