// Launch-policy benchmark, part 1 (simulation): the seed's one-at-a-time loop against thrifty and fast, 10,000
// simulated jobs per cell, p in {0.85, 0.65, 0.35} x N in {5, 10, 20}, C = 8, plus a sticky-filter scenario. Rounds
// are one attempt latency L each (see src/domain/policy/simulate-job.ts). Every job is a first job: it plans its
// budget and odds from the fresh-install prior, never from the true rate, and learns as it goes. Targets are from the
// launch-policy issue.
import { defaultMaxAttempts } from '../src/domain/generation/max-attempts.js';
import { derivedAttemptBudget } from '../src/domain/policy/attempt-budget.js';
import { priorEstimate, type BetaEstimate } from '../src/domain/policy/beta-estimate.js';
import { DEFAULT_EARLY_STOP_THRESHOLD } from '../src/domain/policy/early-stop.js';
import { forecast } from '../src/domain/policy/job-odds.js';
import { FRESH_PRIOR } from './first-job-plan.js';
import { createPrng } from '../src/domain/policy/prng.js';
import { simulateJob, SIM_POLICIES, type JobScenario, type SimPolicy } from '../src/domain/policy/simulate-job.js';
import type { StickyPrompts } from '../src/domain/policy/prompt-pool.js';

const JOBS = 10_000;
const CONCURRENCY = 8;
const RATES = [0.85, 0.65, 0.35] as const;
const SIZES = [5, 10, 20] as const;
const CONFIDENCE = 0.99;
/** 3 of 15 prompts per type always filtered; the plan sees the long-run rate 0.8 x p of cycling through them all. */
const STICKY: StickyPrompts = { types: 3, promptsPerType: 15, stickyPerType: 3 };
const STICKY_SHARE = STICKY.stickyPerType / STICKY.promptsPerType;
const TARGETS = {
  pReachN: 0.99,
  thriftyAttempts: 0.02,
  fastWall: 1.3,
  fastAttempts: 1.1,
  forecastPoints: 0.05,
  forecastMs: 50,
};

interface Cell {
  readonly scenario: 'plain' | 'sticky';
  readonly n: number;
  /** The long-run rate of one attempt (the ratios are against N/p with this p); never what the policy plans with. */
  readonly p: number;
  /** The rate of one attempt with an ordinary prompt. */
  readonly pPrompt: number;
  readonly policy: SimPolicy;
}

interface Row extends Cell {
  readonly budget: number;
  readonly observedP: number;
  readonly forecastP: number;
  readonly meanAttempts: number;
  readonly attemptRatio: number;
  readonly meanWall: number;
  readonly wallBound: number;
  readonly wallRatio: number;
  readonly wallP95: number;
}

function budgetOf(cell: Cell, prior: BetaEstimate = FRESH_PRIOR): number {
  return cell.policy === 'seed' ? defaultMaxAttempts(cell.n) : derivedAttemptBudget(cell.n, prior, CONFIDENCE);
}

function scenarioOf(cell: Cell, earlyStopThreshold?: number, prior: BetaEstimate = FRESH_PRIOR): JobScenario {
  return {
    n: cell.n,
    p: cell.pPrompt,
    concurrency: CONCURRENCY,
    maxAttempts: budgetOf(cell, prior),
    policy: cell.policy,
    prior,
    earlyStopThreshold,
    sticky: cell.scenario === 'sticky' ? STICKY : undefined,
  };
}

function percentile95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil(0.95 * sorted.length) - 1]!;
}

function run(cell: Cell, seed: number): Row {
  const random = createPrng(seed);
  const scenario = scenarioOf(cell);
  let reached = 0;
  let attempts = 0;
  const walls: number[] = [];
  for (let i = 0; i < JOBS; i += 1) {
    const job = simulateJob(scenario, random);
    reached += job.isReachedN ? 1 : 0;
    attempts += job.attempts;
    walls.push(job.wallRounds);
  }
  const meanWall = walls.reduce((s, w) => s + w, 0) / JOBS;
  const wallBound = Math.ceil(cell.n / (cell.p * CONCURRENCY));
  const budget = budgetOf(cell);
  const forecastP = forecast({
    n: cell.n,
    estimate: FRESH_PRIOR,
    concurrency: CONCURRENCY,
    maxAttempts: budget,
    mode: cell.policy,
  }).pReachN;
  return {
    ...cell,
    budget,
    observedP: reached / JOBS,
    forecastP,
    meanAttempts: attempts / JOBS,
    attemptRatio: attempts / JOBS / (cell.n / cell.p),
    meanWall,
    wallBound,
    wallRatio: meanWall / wallBound,
    wallP95: percentile95(walls),
  };
}

function cells(scenario: Cell['scenario']): Cell[] {
  const share = scenario === 'sticky' ? 1 - STICKY_SHARE : 1;
  return RATES.flatMap((pPrompt) =>
    SIZES.flatMap((n) => SIM_POLICIES.map((policy) => ({ scenario, n, p: pPrompt * share, pPrompt, policy }))),
  );
}

function formatRow(row: Row): string {
  const name = row.scenario === 'sticky' ? `sticky (ordinary prompts ${row.pPrompt})` : 'plain';
  return (
    `| ${name} | ${row.p.toFixed(2)} | ${row.n} | ${row.policy} (cap ${row.budget}) | ${row.observedP.toFixed(4)} | ` +
    `${row.forecastP.toFixed(4)} | ${row.meanAttempts.toFixed(2)} | ${row.attemptRatio.toFixed(3)} | ` +
    `${row.meanWall.toFixed(2)} | ${row.wallRatio.toFixed(2)} (bound ${row.wallBound}) | ${row.wallP95} |`
  );
}

function worst<T>(rows: readonly T[], score: (row: T) => number): T {
  return rows.reduce((a, b) => (score(b) > score(a) ? b : a));
}

function label(row: Row): string {
  return `${row.scenario} p=${row.p.toFixed(2)} N=${row.n} ${row.policy}`;
}

function verdict(isMet: boolean): string {
  return isMet ? 'met' : 'NOT met';
}

function printTargets(rows: readonly Row[]): void {
  const plain = rows.filter((r) => r.scenario === 'plain');
  printReachTarget(plain);
  const thrifty = worst(
    plain.filter((r) => r.policy === 'thrifty'),
    (r) => Math.abs(r.attemptRatio - 1),
  );
  console.log(
    `- thrifty within ${100 * TARGETS.thriftyAttempts}% of N/p attempts: ` +
      `${verdict(Math.abs(thrifty.attemptRatio - 1) <= TARGETS.thriftyAttempts)}; worst ${label(thrifty)}: ${thrifty.attemptRatio.toFixed(3)}.`,
  );
  printFastTarget(plain.filter((r) => r.policy === 'fast'));
  const gap = (r: Row) => Math.abs(r.forecastP - r.observedP);
  const furthest = worst(rows, gap);
  const furthestPlain = worst(plain, gap);
  console.log(
    `- forecast P(reach N) within ${100 * TARGETS.forecastPoints} points of the observed rate: plain ` +
      `${verdict(gap(furthestPlain) <= TARGETS.forecastPoints)} (worst ${label(furthestPlain)}: ` +
      `${(100 * gap(furthestPlain)).toFixed(2)} points); all rows incl. sticky ${verdict(gap(furthest) <= TARGETS.forecastPoints)} ` +
      `(worst ${label(furthest)}: ${(100 * gap(furthest)).toFixed(2)} points).`,
  );
}

function printReachTarget(plain: readonly Row[]): void {
  const lowest = worst(
    plain.filter((r) => r.policy !== 'seed'),
    (r) => -r.observedP,
  );
  const below = plain.filter((r) => r.policy !== 'seed' && r.observedP < TARGETS.pReachN);
  const standardError = Math.sqrt((lowest.forecastP * (1 - lowest.forecastP)) / JOBS);
  const isWithinNoise = lowest.observedP >= lowest.forecastP - 3 * standardError;
  const seedLowest = worst(
    plain.filter((r) => r.policy === 'seed'),
    (r) => -r.observedP,
  );
  console.log(
    `- P(reach N) >= ${TARGETS.pReachN} in every cell (thrifty, fast, budget at ${CONFIDENCE}): ` +
      `${verdict(below.length === 0)} (observed below in ${below.length} of 18 cells); worst ${label(lowest)}: ` +
      `${lowest.observedP.toFixed(4)} (exact ${lowest.forecastP.toFixed(4)}, ${isWithinNoise ? 'within' : 'outside'} ` +
      `3 standard errors of ${standardError.toFixed(4)}). The seed's worst: ${label(seedLowest)}: ${seedLowest.observedP.toFixed(4)}.`,
  );
}

function printFastTarget(fast: readonly Row[]): void {
  const slowest = worst(fast, (r) => r.wallRatio);
  const costliest = worst(fast, (r) => r.attemptRatio);
  const misses = fast.filter((r) => r.wallRatio > TARGETS.fastWall || r.attemptRatio > TARGETS.fastAttempts);
  const missList = misses.map((r) => `${label(r)} (${r.wallRatio.toFixed(2)}x, ${r.attemptRatio.toFixed(3)})`);
  console.log(
    `- fast within ${TARGETS.fastWall}x of the wall bound at <= ${TARGETS.fastAttempts} x N/p attempts: ` +
      `${verdict(misses.length === 0)} (met in ${fast.length - misses.length} of ${fast.length} cells); worst wall ` +
      `${label(slowest)}: ${slowest.wallRatio.toFixed(2)}x; worst attempts ${label(costliest)}: ` +
      `${costliest.attemptRatio.toFixed(3)}; cells missing: ${missList.join('; ') || 'none'}.`,
  );
}

/** Early stop on the plain grid (does it cost completions?) and in an outage (planned 0.65, actual 0.15). */
function printEarlyStop(): void {
  let worstDrop = { drop: 0, where: 'none' };
  for (const cell of cells('plain').filter((c) => c.policy !== 'seed')) {
    const off = run(cell, 1);
    const random = createPrng(1);
    let reached = 0;
    for (let i = 0; i < JOBS; i += 1)
      reached += simulateJob(scenarioOf(cell, DEFAULT_EARLY_STOP_THRESHOLD), random).isReachedN ? 1 : 0;
    const drop = off.observedP - reached / JOBS;
    if (drop > worstDrop.drop) worstDrop = { drop, where: label(off) };
  }
  console.log(
    `- early stop at ${DEFAULT_EARLY_STOP_THRESHOLD} on the plain grid: worst drop in P(reach N) ${(100 * worstDrop.drop).toFixed(2)} points (${worstDrop.where}).`,
  );
  for (const policy of ['thrifty', 'fast'] as const) {
    const cell: Cell = { scenario: 'plain', n: 10, p: 0.65, pPrompt: 0.15, policy };
    // A provider that worked before: its estimate was learned over 40 attempts at 0.65, then it falls to 0.15.
    const learned = priorEstimate(0.65, 40);
    const results = [undefined, DEFAULT_EARLY_STOP_THRESHOLD].map((threshold) => {
      const random = createPrng(2);
      let attempts = 0;
      let reached = 0;
      for (let i = 0; i < JOBS; i += 1) {
        const job = simulateJob(scenarioOf(cell, threshold, learned), random);
        attempts += job.attempts;
        reached += job.isReachedN ? 1 : 0;
      }
      return `${(attempts / JOBS).toFixed(1)} attempts, P(reach N) ${(reached / JOBS).toFixed(4)}`;
    });
    console.log(
      `- outage, ${policy}, N=10, estimate learned at p=0.65 over 40 attempts, actual 0.15, cap ${budgetOf(cell, learned)}: without early stop ${results[0]}; with ${results[1]}.`,
    );
  }
}

function timeForecast(): void {
  const inputs = cells('plain').map((c) => ({
    n: c.n,
    estimate: FRESH_PRIOR,
    concurrency: CONCURRENCY,
    maxAttempts: budgetOf(c),
    mode: c.policy,
  }));
  for (const input of inputs) forecast(input);
  const calls = 200;
  const started = performance.now();
  let slowest = 0;
  for (let i = 0; i < calls; i += 1) {
    const t = performance.now();
    forecast(inputs[i % inputs.length]!);
    slowest = Math.max(slowest, performance.now() - t);
  }
  const meanMs = (performance.now() - started) / calls;
  const large = {
    n: 200,
    estimate: FRESH_PRIOR,
    concurrency: 16,
    maxAttempts: derivedAttemptBudget(200, FRESH_PRIOR),
    mode: 'fast' as const,
  };
  const t = performance.now();
  const largeResult = forecast(large);
  const largeMs = performance.now() - t;
  console.log(
    `- forecast() mean ${meanMs.toFixed(2)} ms per call over ${calls} calls on the grid (slowest ${slowest.toFixed(2)} ms), ` +
      `target < ${TARGETS.forecastMs} ms: ${verdict(meanMs < TARGETS.forecastMs)}; a large first job (N=200, C=16, ` +
      `${largeResult.method}): ${largeMs.toFixed(1)} ms.`,
  );
}

function main(): void {
  const started = performance.now();
  console.log(
    `Launch policies, ${JOBS.toLocaleString('en')} simulated jobs per row, C = ${CONCURRENCY}, wall in rounds of L.`,
  );
  console.log(
    'Budgets: seed = min(2N+3, 25) attempts; thrifty and fast = the default budget of a first job (99% under the ' +
      "fresh-install prior's predictive, at most 6N + 10). Each job learns from its attempts; the forecast is what a " +
      'first job states (the same for every p). No early stop.\n',
  );
  console.log(
    '| scenario | p | N | policy | P(reach N) | forecast P | mean attempts | ratio to N/p | mean wall (L) | ratio to ceil(N/(pC)) | p95 wall |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  const rows: Row[] = [];
  [...cells('plain'), ...cells('sticky')].forEach((cell, index) => {
    const row = run(cell, 1000 + index);
    rows.push(row);
    console.log(formatRow(row));
  });
  console.log('\nTargets:');
  printTargets(rows);
  printEarlyStop();
  timeForecast();
  console.log(`\n(${((performance.now() - started) / 1000).toFixed(1)} s)`);
}

main();
