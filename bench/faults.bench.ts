// The paid-success fault table (issue: a paid success is never thrown away). Each row runs real jobs through the
// whole engine (openTroupe, SQLite, the Replicate adapter over HTTP) against the fake Replicate on loopback with one
// fault scripted, on a fake clock so the simulated minutes of outages and backoff take seconds. Columns: images kept
// of those asked, predictions billed, billed and not kept (spares apart), predictions created twice, and the jobs'
// spend against the fake's bill. The first row, no fault, is the baseline measured in the same run.
import { formatUsd } from '../src/domain/money/micro-usd.js';
import { FAULT_CASES, runFaultCase, type FaultRow } from '../test/support/fault-run.js';

const JOBS = Number(process.env.FAULT_JOBS ?? 2);
const IMAGES = Number(process.env.FAULT_IMAGES ?? 10);

const rows: FaultRow[] = [];
for (const fault of FAULT_CASES) {
  process.stderr.write(`running ${fault.name} (${fault.mode})...\n`);
  rows.push(await runFaultCase(fault, JOBS, IMAGES));
}

const header = [
  'fault',
  'mode',
  'jobs',
  'kept',
  'paid successes',
  'discarded',
  'spares',
  'created twice',
  'spend',
  'fake billed',
  'spend = billed',
  'ledger',
  'wall/job (sim s)',
];
const baselineWall = mean(rows[0]!.wallS);
const table = rows.map((r) => [
  r.fault,
  r.mode,
  String(r.jobs),
  `${r.kept}/${r.requested}`,
  String(r.paidSuccesses),
  String(r.discarded),
  String(r.spares),
  String(r.createdTwice),
  formatUsd(r.spendMicroUsd),
  formatUsd(r.billedMicroUsd),
  r.spendMicroUsd === r.billedMicroUsd ? 'yes' : 'NO',
  r.isLedgerBalanced && r.isSetConsistent ? 'balanced' : 'BROKEN',
  `${mean(r.wallS).toFixed(0)} (${(mean(r.wallS) / baselineWall).toFixed(2)}x)`,
]);
process.stdout.write(`${markdown(header, table)}\n`);
const isBad = rows.some(
  (r) =>
    r.kept !== r.requested ||
    r.discarded !== 0 ||
    (r.mode === 'thrifty' && r.spares !== 0) ||
    r.createdTwice !== 0 ||
    r.spendMicroUsd !== r.billedMicroUsd ||
    !r.isLedgerBalanced ||
    !r.isSetConsistent,
);
process.stdout.write(
  isBad
    ? 'Targets MISSED: every row must keep N, discard 0, create nothing twice and match the bill.\n'
    : 'Targets met: every job kept N images, discarded no paid success, created nothing twice; spend = bill.\n',
);
process.exitCode = isBad ? 1 : 0;

function mean(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / Math.max(1, values.length);
}

function markdown(head: readonly string[], body: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...body.map(line)].join('\n');
}
