// Part 2's table: one row per cell, in the columns of part 1 (bench/policy.bench.ts), plus what only a real run has
// (the measured attempt latency L) and what makes the comparison direct (the simulation's own expectation for the same
// plan, and the ratio to the seed policy measured in the same run).
import type { EngineCell, EngineJob } from './engine-cell.js';

export interface EngineRow {
  readonly cell: EngineCell;
  readonly budgets: readonly number[];
  readonly observedP: number;
  readonly forecastP: number;
  readonly meanAttempts: number;
  /** Standard error of meanAttempts. */
  readonly attemptsSe: number;
  readonly attemptRatio: number;
  /** Mean attempt latency in this cell (launch to outcome), the unit of every wall column. */
  readonly latencyMs: number;
  readonly successLatencyMs: number;
  readonly failureLatencyMs: number;
  readonly meanCanceled: number;
  readonly meanWall: number;
  readonly wallSe: number;
  readonly wallBound: number;
  readonly wallRatio: number;
  readonly wallP95: number;
  /** The exact round-by-round expectation the forecast (= the simulation) gives for the same plan. */
  readonly simAttempts: number;
  readonly simWall: number;
  readonly plannedP: readonly number[];
  readonly unscriptedFailures: number;
}

/** `boundConcurrency` is the grid's C: the wall bound ceil(N/(pC)) of every row uses it, the seed's included. */
export function summarize(cell: EngineCell, jobs: readonly EngineJob[], boundConcurrency: number): EngineRow {
  const successLatencies = jobs.flatMap((j) => j.successLatenciesMs);
  const failureLatencies = jobs.flatMap((j) => j.failureLatenciesMs);
  const latencyMs = meanOf([...successLatencies, ...failureLatencies]);
  const walls = jobs.map((j) => j.wallMs / latencyMs);
  const attempts = jobs.map((j) => j.attempts);
  const wallBound = Math.ceil(cell.n / (cell.p * boundConcurrency));
  const meanWall = meanOf(walls);
  const meanAttempts = meanOf(attempts);
  return {
    cell,
    budgets: distinct(jobs.map((j) => j.budget)),
    observedP: jobs.filter((j) => j.isReachedN).length / jobs.length,
    forecastP: meanOf(jobs.map((j) => j.forecastP)),
    meanAttempts,
    attemptsSe: standardError(attempts),
    attemptRatio: meanAttempts / (cell.n / cell.p),
    latencyMs,
    successLatencyMs: meanOf(successLatencies),
    failureLatencyMs: meanOf(failureLatencies),
    meanCanceled: meanOf(jobs.map((j) => j.canceled)),
    meanWall,
    wallSe: standardError(walls),
    wallBound,
    wallRatio: meanWall / wallBound,
    wallP95: percentile95(walls),
    simAttempts: meanOf(jobs.map((j) => j.forecastAttempts)),
    simWall: meanOf(jobs.map((j) => j.forecastWallRounds)),
    plannedP: distinct(jobs.map((j) => Number(j.plannedP.toFixed(4)))),
    unscriptedFailures: jobs.reduce((s, j) => s + j.unscriptedFailures, 0),
  };
}

export const TABLE_HEADER =
  '| p | N | policy | jobs | P(reach N) | forecast P | mean attempts | ratio to N/p | mean wall (L) | ' +
  'ratio to ceil(N/(pC)) | p95 wall | L (ms) | sim: attempts, wall (L) | vs seed: attempts, wall |\n' +
  '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|';

export function formatRow(row: EngineRow, seed: EngineRow | undefined): string {
  const { cell } = row;
  const budget = row.budgets.length === 1 ? `${row.budgets[0]}` : `${row.budgets[0]}-${row.budgets.at(-1)}`;
  const versusSeed =
    seed === undefined || seed === row
      ? 'baseline'
      : `${(row.meanAttempts / seed.meanAttempts).toFixed(2)}x, ${(row.meanWall / seed.meanWall).toFixed(2)}x`;
  return (
    `| ${cell.p.toFixed(2)} | ${cell.n} | ${cell.policy} (cap ${budget}) | ${row.cell.jobs} | ` +
    `${row.observedP.toFixed(2)} | ${row.forecastP.toFixed(4)} | ${row.meanAttempts.toFixed(2)} | ` +
    `${row.attemptRatio.toFixed(3)} | ${row.meanWall.toFixed(2)} | ${row.wallRatio.toFixed(2)} (bound ${row.wallBound}) | ` +
    `${row.wallP95.toFixed(1)} | ${Math.round(row.latencyMs)} | ${row.simAttempts.toFixed(2)}, ${row.simWall.toFixed(2)} | ` +
    `${versusSeed} |`
  );
}

export function label(row: EngineRow): string {
  return `p=${row.cell.p.toFixed(2)} N=${row.cell.n} ${row.cell.policy}`;
}

/** NaN for no values. */
export function meanOf(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}

export function standardError(values: readonly number[]): number {
  if (values.length < 2) return Number.NaN;
  const m = meanOf(values);
  const variance = values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1);
  return Math.sqrt(variance / values.length);
}

function percentile95(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil(0.95 * sorted.length) - 1]!;
}

function distinct(values: readonly number[]): number[] {
  return [...new Set(values)].sort((a, b) => a - b);
}
