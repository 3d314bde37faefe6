// Launch-policy benchmark, part 3 (real engine, wall time): first jobs at a nominal latency L = 1 s against the fake
// Replicate in a process of its own, p = 0.65, N = 10, at the default concurrency 4 and at 8, one job at a time, each
// on a fresh data directory with the product's defaults. Wall per job in units of L, the start-up (runJob to its
// first attempt) subtracted and reported, beside the simulation's expectation for the same plan; and the engine's own
// work on each kept image. Targets are from issue 10, part 7.
import os from 'node:os';
import { startFakeProcess } from './fake-replicate-process.js';
import { meanOf, simulateFirstJobs, standardError } from './first-job-plan.js';
import { runFreshInstallJob, type FreshJobResult } from './fresh-install-job.js';
import { LOCAL_WORK } from './local-work-meter.js';

const L_MS = 1_000;
/** 200 ms starting + 800 ms processing: L = 1 s. */
const TIMING = { queueMs: 200, runMs: 800 };
const P = 0.65;
const N = 10;
const CONCURRENCIES = [4, 8] as const;
const JOBS = Number(process.env.WALL_JOBS ?? 12);
const SIMULATED_JOBS = 20_000;
const TARGETS = { wallOverSim: 1.15, localWorkShareOfL: 0.05 };

interface Row {
  readonly concurrency: number;
  readonly jobs: readonly FreshJobResult[];
}

async function measure(): Promise<Row[]> {
  const rows: Row[] = [];
  for (const [i, concurrency] of CONCURRENCIES.entries()) {
    const fake = await startFakeProcess({ p: P, seed: 500 + i, ...TIMING });
    try {
      const jobs: FreshJobResult[] = [];
      for (let j = 0; j < JOBS; j += 1)
        jobs.push(await runFreshInstallJob({ baseUrl: fake.baseUrl, n: N, concurrency }));
      rows.push({ concurrency, jobs });
      process.stderr.write(`  measured C=${concurrency}\n`);
    } finally {
      await fake.close();
    }
  }
  return rows;
}

const wallL = (j: FreshJobResult) => (j.wallMs - j.startupMs) / L_MS;

function printWall(rows: readonly Row[]): void {
  console.log(
    '| C | jobs | reached N | mean attempts | wall per job (L), start-up subtracted | sim: wall (L), attempts | ' +
      'ratio to sim | bound ceil(N/(pC)) | start-up (ms) | create + preflight (ms) | fresh data dir + actor (ms) |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const { concurrency, jobs } of rows) {
    const sim = simulateFirstJobs(N, P, concurrency, SIMULATED_JOBS);
    const walls = jobs.map(wallL);
    console.log(
      `| ${concurrency} | ${jobs.length} | ${jobs.filter((j) => j.isReachedN).length}/${jobs.length} | ` +
        `${meanOf(jobs.map((j) => j.attempts)).toFixed(2)} | ${meanOf(walls).toFixed(2)} ± ${standardError(walls).toFixed(2)} ` +
        `(${Math.min(...walls).toFixed(2)}-${Math.max(...walls).toFixed(2)}) | ${sim.meanWallRounds.toFixed(2)}, ` +
        `${sim.meanAttempts.toFixed(2)} | ${(meanOf(walls) / sim.meanWallRounds).toFixed(2)} | ` +
        `${Math.ceil(N / (P * concurrency))} | ${meanOf(jobs.map((j) => j.startupMs)).toFixed(0)} | ` +
        `${meanOf(jobs.map((j) => j.createMs)).toFixed(0)} | ${meanOf(jobs.map((j) => j.setupMs)).toFixed(0)} |`,
    );
  }
}

function printLocalWork(rows: readonly Row[]): void {
  console.log(
    `\nThe engine's own work per kept image (ms, mean over every image of the row's jobs; L = ${L_MS} ms):\n`,
  );
  console.log(`| C | ${LOCAL_WORK.join(' | ')} | total | share of L |`);
  console.log(`|---|${LOCAL_WORK.map(() => '---|').join('')}---|---|`);
  for (const { concurrency, jobs } of rows) {
    const images = jobs.reduce((s, j) => s + j.images, 0);
    const perImage = LOCAL_WORK.map((kind) => jobs.reduce((s, j) => s + j.localWork[kind], 0) / images);
    const total = perImage.reduce((s, v) => s + v, 0);
    console.log(
      `| ${concurrency} | ${perImage.map((v) => v.toFixed(1)).join(' | ')} | ${total.toFixed(1)} | ${((100 * total) / L_MS).toFixed(1)}% |`,
    );
  }
}

function printTargets(rows: readonly Row[]): void {
  console.log('\nTargets (wall time):');
  for (const { concurrency, jobs } of rows) {
    const sim = simulateFirstJobs(N, P, concurrency, SIMULATED_JOBS);
    const walls = jobs.map(wallL);
    const ratio = meanOf(walls) / sim.meanWallRounds;
    const noise = (2 * standardError(walls)) / sim.meanWallRounds;
    console.log(
      `- C = ${concurrency}: mean wall within ${TARGETS.wallOverSim}x of the simulation's expectation: ` +
        `${ratio <= TARGETS.wallOverSim ? 'met' : 'NOT met'} (${ratio.toFixed(2)}x, 2 SE ±${noise.toFixed(2)}).`,
    );
    const images = jobs.reduce((s, j) => s + j.images, 0);
    const total = LOCAL_WORK.reduce((s, kind) => s + jobs.reduce((t, j) => t + j.localWork[kind], 0), 0) / images;
    console.log(
      `- C = ${concurrency}: local work per image under ${100 * TARGETS.localWorkShareOfL}% of L: ` +
        `${total < TARGETS.localWorkShareOfL * L_MS ? 'met' : 'NOT met'} (${total.toFixed(1)} ms, ${((100 * total) / L_MS).toFixed(1)}%).`,
    );
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  console.log(
    `\nWall time of first jobs on the real engine: ${JOBS} jobs per row, one at a time, each on a fresh data directory ` +
      `with the product's defaults (fast mode, the default budget, REPLICATE_WAIT_SECONDS 5, polling every 1 s, the ` +
      `create pace, logging), p = ${P}, N = ${N}, against the fake Replicate (a separate process on loopback; L = ` +
      `${L_MS} ms: ${TIMING.queueMs} ms starting + ${TIMING.runMs} ms processing; creates held while the prediction ` +
      `runs, as Replicate's "Prefer: wait" holds them). Wall = runJob's call to its end, less the start-up (runJob to the ` +
      'first attempt recorded), in units of the nominal L. "sim" is simulate-job.ts for the same plan (the fresh prior, ' +
      `its budget, learning, early stop), ${SIMULATED_JOBS.toLocaleString('en')} jobs. Load average at start: ` +
      `${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} CPUs (the machine is shared: figures are under contention).\n`,
  );
  const rows = await measure();
  printWall(rows);
  printLocalWork(rows);
  printTargets(rows);
  console.log(
    `\n(${((performance.now() - started) / 1000).toFixed(1)} s; load average at end ${os.loadavg()[0]!.toFixed(1)})`,
  );
}

await main();
