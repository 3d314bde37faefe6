// Launch-policy benchmark, part 2 (real engine, first jobs): every job is a new user's first, on a fresh data
// directory, with the product's defaults and nothing preset, run by the whole engine (openTroupe, SQLite, the
// Replicate adapter over HTTP) against the fake Replicate in a process of its own, for true rates
// 0.95/0.85/0.65/0.45/0.30 x N = 5/10/20, no cost cap. Targets are from issue 10, part 1.
import os from 'node:os';
import { formatUsd } from '../src/domain/money/micro-usd.js';
import { startFakeProcess } from './fake-replicate-process.js';
import { lowerBound95, meanOf, simulateFirstJobs, standardError } from './first-job-plan.js';
import { runFreshInstallJob, type FreshJobResult } from './fresh-install-job.js';

const RATES = [0.95, 0.85, 0.65, 0.45, 0.3] as const;
const SIZES = [5, 10, 20] as const;
const JOBS_PER_CELL = Number(process.env.COLD_START_JOBS ?? 40);
/** Jobs run side by side, each on its own data directory: their odds and attempts do not depend on wall time. */
const PARALLEL_JOBS = 8;
/** A small nominal latency L = 100 ms (20 ms starting + 80 ms processing), so the grid runs in minutes. */
const TIMING = { queueMs: 20, runMs: 80 };
/**
 * The account's create pace, as high as the product allows (6000 a minute): at Replicate's 600 and L = 100 ms, a job
 * of four in flight would wait on the pace rather than on predictions. Pacing moves no odds and no attempt counts.
 */
const CREATES_PER_MINUTE = 6000;
const SIMULATED_JOBS = 20_000;
const TARGETS = { pReachN: 0.99, attemptsOverFloor: 1.1, statedPoints: 0.05 };

interface Cell {
  readonly p: number;
  readonly n: number;
  readonly jobs: readonly FreshJobResult[];
}

async function runCell(baseUrl: string, n: number): Promise<FreshJobResult[]> {
  const results: FreshJobResult[] = [];
  let next = 0;
  const worker = async () => {
    while (next < JOBS_PER_CELL) {
      next += 1;
      results.push(await runFreshInstallJob({ baseUrl, n, createsPerMinute: CREATES_PER_MINUTE }));
    }
  };
  await Promise.all(Array.from({ length: PARALLEL_JOBS }, worker));
  return results;
}

async function measureGrid(): Promise<Cell[]> {
  const cells: Cell[] = [];
  for (const [i, p] of RATES.entries()) {
    const fake = await startFakeProcess({ p, seed: 100 + i, ...TIMING });
    try {
      for (const n of SIZES) {
        cells.push({ p, n, jobs: await runCell(fake.baseUrl, n) });
        process.stderr.write(`  measured p=${p} N=${n}\n`);
      }
    } finally {
      await fake.close();
    }
  }
  return cells;
}

function reached(cell: Cell): number {
  return cell.jobs.filter((j) => j.isReachedN).length;
}

function row(cell: Cell): string {
  const { p, n, jobs } = cell;
  const hits = reached(cell);
  const attempts = jobs.map((j) => j.attempts);
  const floor = n / p;
  const stated = jobs[0]!.stated;
  const sim = simulateFirstJobs(n, p, jobs[0]!.concurrency, SIMULATED_JOBS);
  return (
    `| ${p.toFixed(2)} | ${n} | ${jobs.length} | ${hits}/${jobs.length} = ${(hits / jobs.length).toFixed(3)} ` +
    `(95% lower bound ${lowerBound95(hits, jobs.length).toFixed(3)}) | ${sim.pReachN.toFixed(4)} | ` +
    `${meanOf(attempts).toFixed(2)} ± ${standardError(attempts).toFixed(2)} (sim ${sim.meanAttempts.toFixed(2)}) | ` +
    `${(TARGETS.attemptsOverFloor * floor).toFixed(2)} | ` +
    `${(meanOf(attempts) / floor).toFixed(3)} | ${(100 * meanOf(jobs.map((j) => j.stated.pReachN))).toFixed(1)}% | ` +
    `${stated.ceilingAttempts} (${formatUsd(stated.ceilingCostMicroUsd)}) | ${stated.expectedAttempts.toFixed(1)} (${formatUsd(stated.expectedCostMicroUsd)}) |`
  );
}

function verdict(isMet: boolean): string {
  return isMet ? 'met' : 'NOT met';
}

function printTargets(cells: readonly Cell[]): void {
  const all = cells.flatMap((c) => c.jobs);
  const hits = all.filter((j) => j.isReachedN).length;
  const below = cells.filter((c) => reached(c) / c.jobs.length < TARGETS.pReachN);
  const simBelow = cells.filter(
    (c) => simulateFirstJobs(c.n, c.p, c.jobs[0]!.concurrency, SIMULATED_JOBS).pReachN < TARGETS.pReachN,
  );
  console.log(
    `- P(reach N) >= ${TARGETS.pReachN} per cell: observed ${verdict(below.length === 0)} (below in ${below.length} of ` +
      `${cells.length} cells${below.map((c) => `: p=${c.p} N=${c.n} ${reached(c)}/${c.jobs.length}`).join('')}); pooled ` +
      `${hits}/${all.length} = ${(hits / all.length).toFixed(4)} (95% lower bound ${lowerBound95(hits, all.length).toFixed(4)}). ` +
      `${JOBS_PER_CELL} jobs cannot resolve 0.99 in one cell (0 misses bound it only above ${lowerBound95(JOBS_PER_CELL, JOBS_PER_CELL).toFixed(3)}), ` +
      `so the column "sim" gives the same plan simulated ${SIMULATED_JOBS.toLocaleString('en')} times per cell: below 0.99 in ` +
      `${simBelow.length} of ${cells.length} cells${simBelow.map((c) => `: p=${c.p} N=${c.n}`).join('')}.`,
  );
  const costly = cells.filter((c) => meanOf(c.jobs.map((j) => j.attempts)) > (TARGETS.attemptsOverFloor * c.n) / c.p);
  const beyondNoise = costly.filter(
    (c) =>
      meanOf(c.jobs.map((j) => j.attempts)) - 2 * standardError(c.jobs.map((j) => j.attempts)) >
      (TARGETS.attemptsOverFloor * c.n) / c.p,
  );
  const worst = cells.reduce((a, b) =>
    meanOf(b.jobs.map((j) => j.attempts)) / (b.n / b.p) > meanOf(a.jobs.map((j) => j.attempts)) / (a.n / a.p) ? b : a,
  );
  console.log(
    `- mean attempts <= ${TARGETS.attemptsOverFloor} N/p per cell: ${verdict(costly.length === 0)} (above in ${costly.length} ` +
      `of ${cells.length}, by more than 2 standard errors in ${beyondNoise.length}); worst p=${worst.p} N=${worst.n}: ${(meanOf(worst.jobs.map((j) => j.attempts)) / (worst.n / worst.p)).toFixed(3)} x N/p.`,
  );
  const stated = meanOf(all.map((j) => j.stated.pReachN));
  const observed = hits / all.length;
  console.log(
    `- stated odds within ${100 * TARGETS.statedPoints} points of the observed share, pooled: ` +
      `${verdict(Math.abs(stated - observed) <= TARGETS.statedPoints)} (stated ${(100 * stated).toFixed(1)}%, observed ` +
      `${(100 * observed).toFixed(1)}%: ${(100 * Math.abs(stated - observed)).toFixed(1)} points).`,
  );
  const overCeiling = all.filter(
    (j) => j.attempts > j.stated.ceilingAttempts || j.spendMicroUsd > j.stated.ceilingCostMicroUsd,
  );
  const expected = meanOf(all.map((j) => j.stated.expectedAttempts / j.n));
  const paid = meanOf(all.map((j) => j.attempts / j.n));
  console.log(
    `- stated ceilings held: ${verdict(overCeiling.length === 0)} (${overCeiling.length} of ${all.length} jobs took more ` +
      `attempts or dollars than their ceiling); stated expected attempts per image ${expected.toFixed(3)} against ` +
      `${paid.toFixed(3)} paid over the grid (the expectation is over the prior's rates, the grid's five rates are equally weighted).`,
  );
}

async function main(): Promise<void> {
  const started = performance.now();
  console.log(
    `\nFirst jobs on the real engine: ${JOBS_PER_CELL} jobs per cell, each on a fresh data directory with the product's ` +
      `defaults (fast mode, concurrency 4, the default budget, early stop at 1%, polling, logging), ${PARALLEL_JOBS} at a ` +
      `time, against the fake Replicate (a separate process on loopback; L = ${TIMING.queueMs + TIMING.runMs} ms, creates ` +
      'held while the prediction runs as Replicate\'s "Prefer: wait" holds them; the account\'s create pace scaled ' +
      `with L to ${CREATES_PER_MINUTE} a minute). Each prediction succeeds with the true ` +
      'rate p, else fails as "interrupted (PA)". No estimate is preset: every job plans from the fresh-install prior. ' +
      `Load average at start: ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} CPUs.\n`,
  );
  const cells = await measureGrid();
  console.log(
    '| p | N | jobs | P(reach N) observed | sim P(reach N) | mean attempts | 1.10 N/p | ratio to N/p | stated odds | ' +
      'stated ceiling | stated expected attempts (cost) |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const cell of cells) console.log(row(cell));
  console.log('\nTargets (first jobs):');
  printTargets(cells);
  console.log(
    `\n(${((performance.now() - started) / 1000).toFixed(1)} s; load average at end ${os.loadavg()[0]!.toFixed(1)})`,
  );
}

await main();
