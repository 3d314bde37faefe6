// Part 2's verdicts: the launch-policy issue's targets on the real engine's rows, each with its numbers and with the
// sampling noise a few jobs per cell leave, then the engine-against-simulation comparison the part exists for.
import { label, meanOf, type EngineRow } from './engine-rows.js';

const TARGETS = { pReachN: 0.99, thriftyAttempts: 0.02, fastWall: 1.3, fastAttempts: 1.1, forecastPoints: 0.05 };

function verdict(isMet: boolean): string {
  return isMet ? 'met' : 'NOT met';
}

function worst<T>(rows: readonly T[], score: (row: T) => number): T {
  return rows.reduce((a, b) => (score(b) > score(a) ? b : a));
}

function points(x: number): string {
  return `${(100 * x).toFixed(1)} points`;
}

export function printEngineTargets(rows: readonly EngineRow[]): void {
  const planned = rows.filter((r) => r.cell.policy !== 'seed');
  printReach(rows, planned);
  printThrifty(planned.filter((r) => r.cell.policy === 'thrifty'));
  printFast(planned.filter((r) => r.cell.policy === 'fast'));
  printForecast(rows, planned);
  printAgainstSimulation(rows);
  printEngineTiming(rows);
}

function printReach(rows: readonly EngineRow[], planned: readonly EngineRow[]): void {
  const below = planned.filter((r) => r.observedP < TARGETS.pReachN);
  const jobs = planned.reduce((s, r) => s + r.cell.jobs, 0);
  const reached = planned.reduce((s, r) => s + Math.round(r.observedP * r.cell.jobs), 0);
  const expectedMisses = planned.reduce((s, r) => s + (1 - r.forecastP) * r.cell.jobs, 0);
  const seedWorst = worst(
    rows.filter((r) => r.cell.policy === 'seed'),
    (r) => -r.observedP,
  );
  console.log(
    `- P(reach N) >= ${TARGETS.pReachN} in every cell (thrifty, fast, budget at 0.99): ${verdict(below.length === 0)} ` +
      `(below in ${below.length} of ${planned.length} cells${below.length ? `: ${below.map((r) => `${label(r)} ${r.observedP.toFixed(2)}`).join('; ')}` : ''}). ` +
      `Pooled: ${reached} of ${jobs} jobs reached N (${(reached / jobs).toFixed(3)}); the forecasts expect ` +
      `${expectedMisses.toFixed(1)} misses in those ${jobs} jobs. The seed's worst: ${label(seedWorst)} ${seedWorst.observedP.toFixed(2)}.`,
  );
}

function printThrifty(thrifty: readonly EngineRow[]): void {
  const off = (r: EngineRow) => Math.abs(r.attemptRatio - 1);
  const furthest = worst(thrifty, off);
  const noise = (r: EngineRow) => (2 * r.attemptsSe) / (r.cell.n / r.cell.p);
  const outside = thrifty.filter((r) => off(r) > TARGETS.thriftyAttempts + noise(r));
  const pooled = meanOf(thrifty.map((r) => r.attemptRatio));
  console.log(
    `- thrifty within ${100 * TARGETS.thriftyAttempts}% of N/p attempts: ${verdict(off(furthest) <= TARGETS.thriftyAttempts)} ` +
      `on these samples; worst ${label(furthest)}: ${furthest.attemptRatio.toFixed(3)} (2 SE = ±${noise(furthest).toFixed(3)}). ` +
      `A few jobs cannot resolve 2%: the 2-SE band per cell is ±${meanOf(thrifty.map(noise)).toFixed(3)} on average. ` +
      `Cells outside 2% by more than their noise: ${outside.length} of ${thrifty.length}; mean ratio over the ` +
      `${thrifty.length} cells ${pooled.toFixed(3)}.`,
  );
}

function printFast(fast: readonly EngineRow[]): void {
  const misses = fast.filter((r) => r.wallRatio > TARGETS.fastWall || r.attemptRatio > TARGETS.fastAttempts);
  const slowest = worst(fast, (r) => r.wallRatio);
  const costliest = worst(fast, (r) => r.attemptRatio);
  const missList = misses.map((r) => `${label(r)} (${r.wallRatio.toFixed(2)}x, ${r.attemptRatio.toFixed(3)})`);
  console.log(
    `- fast within ${TARGETS.fastWall}x of the wall bound at <= ${TARGETS.fastAttempts} x N/p attempts: ` +
      `${verdict(misses.length === 0)} (met in ${fast.length - misses.length} of ${fast.length} cells); worst wall ` +
      `${label(slowest)}: ${slowest.wallRatio.toFixed(2)}x (2 SE ±${((2 * slowest.wallSe) / slowest.wallBound).toFixed(2)}); ` +
      `worst attempts ${label(costliest)}: ${costliest.attemptRatio.toFixed(3)}; cells missing: ${missList.join('; ') || 'none'}.`,
  );
}

function printForecast(rows: readonly EngineRow[], planned: readonly EngineRow[]): void {
  const gap = (r: EngineRow) => Math.abs(r.forecastP - r.observedP);
  const furthest = worst(rows, gap);
  const wide = rows.filter((r) => gap(r) > TARGETS.forecastPoints);
  const observed = meanOf(planned.map((r) => r.observedP));
  const forecast = meanOf(planned.map((r) => r.forecastP));
  const pooledGap = Math.abs(observed - forecast);
  console.log(
    `- forecast P(reach N) within ${100 * TARGETS.forecastPoints} points of the observed rate: per cell ` +
      `${verdict(wide.length === 0)} (wider in ${wide.length} of ${rows.length} cells; worst ${label(furthest)}: ` +
      `${points(gap(furthest))}, where one job is ${points(1 / furthest.cell.jobs)}); pooled over thrifty and fast ` +
      `${verdict(pooledGap <= TARGETS.forecastPoints)} (observed ${observed.toFixed(3)}, forecast ${forecast.toFixed(3)}, ` +
      `${points(pooledGap)}).`,
  );
}

/** Is the engine the simulation? Attempts against the exact expectation for the same plan; wall in rounds of L. */
function printAgainstSimulation(rows: readonly EngineRow[]): void {
  const z = (r: EngineRow) => (r.attemptsSe > 0 ? (r.meanAttempts - r.simAttempts) / r.attemptsSe : 0);
  const farthest = worst(rows, (r) => Math.abs(z(r)));
  const beyond = rows.filter((r) => Math.abs(z(r)) > 2);
  const wallRatio = (r: EngineRow) => r.meanWall / r.simWall;
  const slowest = worst(rows, wallRatio);
  const fastest = worst(rows, (r) => -wallRatio(r));
  const byPolicy = (['seed', 'thrifty', 'fast'] as const).map(
    (policy) => `${policy} ${meanOf(rows.filter((r) => r.cell.policy === policy).map(wallRatio)).toFixed(2)}x`,
  );
  console.log(
    `- engine against simulation, attempts: mean attempts within 2 SE of the simulation's expectation in ` +
      `${rows.length - beyond.length} of ${rows.length} cells (farthest ${label(farthest)}: ${farthest.meanAttempts.toFixed(2)} ` +
      `vs ${farthest.simAttempts.toFixed(2)}, ${z(farthest).toFixed(1)} SE).`,
  );
  console.log(
    `- engine against simulation, wall: engine mean wall / simulated mean wall (both in L) by policy: ${byPolicy.join(', ')}; ` +
      `range ${wallRatio(fastest).toFixed(2)}x (${label(fastest)}) to ${wallRatio(slowest).toFixed(2)}x (${label(slowest)}).`,
  );
}

/** Why the engine is not exactly the simulation's rounds, and that nothing but the scripted outcomes happened. */
function printEngineTiming(rows: readonly EngineRow[]): void {
  const finite = (values: number[]) => meanOf(values.filter(Number.isFinite));
  const canceled = (['thrifty', 'fast'] as const).map(
    (policy) =>
      `${policy} ${meanOf(rows.filter((r) => r.cell.policy === policy).map((r) => r.meanCanceled)).toFixed(2)}`,
  );
  console.log(
    `- timing inside the engine: an attempt took ${finite(rows.map((r) => r.failureLatencyMs)).toFixed(0)} ms on average ` +
      `to end as a failure and ${finite(rows.map((r) => r.successLatencyMs)).toFixed(0)} ms as a success (download, ` +
      `two image checks, SQLite and file writes, queued behind the round's other successes), so the engine hears of a ` +
      `round's failures before its successes and relaunches in between; launched then canceled once N was in, per ` +
      `job: ${canceled.join(', ')} (counted in attempts, as against the budget).`,
  );
  const unscripted = rows.reduce((s, r) => s + r.unscriptedFailures, 0);
  const offPlan = rows.filter((r) => r.plannedP.some((p) => Math.abs(p - r.cell.p) > 0.001));
  console.log(
    `- checks: failures other than the scripted PA: ${unscripted}; cells whose jobs planned with p other than the true ` +
      `rate: ${offPlan.length}.`,
  );
}
