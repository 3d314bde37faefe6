// Launch-policy benchmark, part 2 (real engine on loopback): the whole engine (openTroupe, SQLite, the Replicate
// adapter over HTTP) against the fake Replicate server with its latency scaled down to a fifth of a second, a few jobs
// per cell, p in {0.85, 0.65, 0.35} x N in {5, 10, 20}, C = 8, in the columns of part 1 (bench/policy.bench.ts), to
// show the simulation matches the real thing. Targets are from the launch-policy issue.
import { runEngineCell, type EngineCell, type EngineTiming } from './engine-cell.js';
import { formatRow, summarize, TABLE_HEADER, type EngineRow } from './engine-rows.js';
import { printEngineTargets } from './engine-targets.js';
import { usePooledFakeOutputs } from './pooled-fake-outputs.js';
import { SIM_POLICIES } from '../src/domain/policy/simulate-job.js';

const JOBS_PER_CELL = 6;
const CONCURRENCY = 8;
const RATES = [0.85, 0.65, 0.35] as const;
const SIZES = [5, 10, 20] as const;
/** Nominal L = 200 ms: 20 ms `starting`, 180 ms `processing`; the engine polls every 20 ms. */
const TIMING: EngineTiming = { queueMs: 20, runMs: 180, pollIntervalMs: 20 };
const OUTPUT_POOL_SIZE = 32;

/** The grid in print order; the three policies of one (p, N) share one outcome stream (common random numbers). */
function cells(): EngineCell[] {
  return RATES.flatMap((p, i) =>
    SIZES.flatMap((n, j) =>
      SIM_POLICIES.map((policy) => ({
        p,
        n,
        policy,
        concurrency: policy === 'seed' ? 1 : CONCURRENCY,
        jobs: JOBS_PER_CELL,
        seed: 1 + i * SIZES.length + j,
      })),
    ),
  );
}

async function measure(cell: EngineCell): Promise<EngineRow> {
  const row = summarize(cell, await runEngineCell(cell, TIMING), CONCURRENCY);
  process.stderr.write(`  measured p=${cell.p} N=${cell.n} ${cell.policy}\n`);
  return row;
}

/**
 * The seed's cells run side by side (one attempt in flight each, so together about the load of one fast job) to fit
 * the time budget; thrifty and fast run one cell at a time, alone, because their wall time is a target.
 */
async function measureAll(grid: readonly EngineCell[]): Promise<Map<EngineCell, EngineRow>> {
  const rows = new Map<EngineCell, EngineRow>();
  const seeds = grid.filter((c) => c.policy === 'seed');
  const settled = await Promise.allSettled(seeds.map(async (cell) => rows.set(cell, await measure(cell))));
  const failure = settled.find((s) => s.status === 'rejected');
  if (failure) throw failure.reason;
  for (const cell of grid.filter((c) => c.policy !== 'seed')) rows.set(cell, await measure(cell));
  return rows;
}

function printHeader(): void {
  const nominalMs = TIMING.queueMs + TIMING.runMs;
  console.log(
    `\nLaunch policies on the real engine: ${JOBS_PER_CELL} jobs per row against the fake Replicate on loopback, ` +
      `C = ${CONCURRENCY}, system clock.`,
  );
  console.log(
    `Fake latency ${nominalMs} ms per prediction (${TIMING.queueMs} ms starting + ${TIMING.runMs} ms processing), polled ` +
      `every ${TIMING.pollIntervalMs} ms; each prediction succeeds with probability p, else fails as Replicate's transient ` +
      `"interrupted (PA)"; the three policies of one (p, N) see the same outcome stream. Before each job the provider ` +
      'estimate is set to p (weight ~400 attempts), so budget, forecast and fast plan use the true p. No early stop.',
  );
  console.log(
    'Budgets: seed = min(2N+3, 25) attempts, one at a time; thrifty and fast = the derived 99% budget. Wall is in ' +
      "units of L = the cell's measured mean attempt latency (launch to outcome, column L), so the engine's own work " +
      'on each image (download, checks, SQLite, files) counts inside L rather than against the policy. "sim" is the ' +
      'exact expectation of the simulation for the same plan; "vs seed" divides by the seed row measured in this run.',
  );
  console.log(
    `With ${JOBS_PER_CELL} jobs per cell the observed P(reach N) moves in steps of ${(1 / JOBS_PER_CELL).toFixed(2)} ` +
      'and p95 wall is the slowest job: both are coarse; the pooled lines below say more.\n',
  );
}

async function main(): Promise<void> {
  const started = performance.now();
  printHeader();
  const restoreOutputs = await usePooledFakeOutputs(OUTPUT_POOL_SIZE);
  const grid = cells();
  let measured: Map<EngineCell, EngineRow>;
  try {
    measured = await measureAll(grid);
  } finally {
    restoreOutputs();
  }
  const rows = grid.map((cell) => measured.get(cell)!);
  console.log(TABLE_HEADER);
  for (const row of rows) {
    const seed = rows.find((r) => r.cell.policy === 'seed' && r.cell.p === row.cell.p && r.cell.n === row.cell.n);
    console.log(formatRow(row, seed));
  }
  console.log('\nTargets (real engine):');
  printEngineTargets(rows);
  console.log(`\n(${((performance.now() - started) / 1000).toFixed(1)} s)`);
}

await main();
