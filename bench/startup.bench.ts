// Start-up benchmark: the real binary (bin/troupe.js over dist/, as a user runs it) for `--help`, `--version` and
// `jobs list`, against bare `node -e 0` measured in the same run, interleaved so machine load hits all alike.
// `jobs list (first run)` is a fresh install's first command: it creates the database and runs every migration.
// Target: each under 2x bare node.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROUNDS = 9;
const TARGET_RATIO = 2;
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'troupe.js');

interface Case {
  readonly name: string;
  readonly args: readonly string[];
  /** A fresh data dir for every round, so each round is a first run. */
  readonly isFreshEachRound?: boolean;
}

const CASES: readonly Case[] = [
  { name: 'node -e 0 (baseline)', args: ['-e', '0'] },
  { name: 'troupe --help', args: [BIN, '--help'] },
  { name: 'troupe --version', args: [BIN, '--version'] },
  { name: 'troupe jobs list', args: [BIN, 'jobs', 'list'] },
  { name: 'troupe jobs list (first run)', args: [BIN, 'jobs', 'list'], isFreshEachRound: true },
];

function timeOnce(args: readonly string[], dataDir: string): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, {
    env: { ...process.env, TROUPE_DATA_DIR: dataDir, TROUPE_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${String(result.stderr)}`);
  return elapsedMs;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function main(): void {
  console.log('Building dist/ (the binary runs the compiled code)...');
  execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  const work = mkdtempSync(join(tmpdir(), 'troupe-bench-startup-'));
  const warmDir = join(work, 'warm');
  timeOnce([BIN, 'jobs', 'list'], warmDir);
  const times = new Map<string, number[]>(CASES.map((c) => [c.name, []]));
  try {
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const c of CASES) {
        const dataDir = c.isFreshEachRound ? join(work, `fresh-${round}`) : warmDir;
        times.get(c.name)!.push(timeOnce(c.args, dataDir));
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const baseline = median(times.get(CASES[0]!.name)!);
  console.log(
    `\nStart-up, median of ${ROUNDS} interleaved rounds (${cpus().length} CPUs, load ${loadavg()[0]!.toFixed(2)})\n`,
  );
  console.log('| command | median ms | min ms | x node -e 0 | target |');
  console.log('|---|---:|---:|---:|---|');
  for (const c of CASES) {
    const all = times.get(c.name)!;
    const ratio = median(all) / baseline;
    const verdict =
      c === CASES[0] ? 'baseline' : ratio < TARGET_RATIO ? `< ${TARGET_RATIO}x: met` : `< ${TARGET_RATIO}x: NOT met`;
    console.log(
      `| ${c.name} | ${median(all).toFixed(0)} | ${Math.min(...all).toFixed(0)} | ${ratio.toFixed(2)} | ${verdict} |`,
    );
  }
}

main();
