/**
 * One case of the paid-success fault suite: a fresh Troupe on a fake clock, a fresh fake Replicate with one fault
 * scripted, a few jobs run to their end, then an account that holds the fake's bill against the jobs' rows: images
 * kept, paid successes, discarded ones, predictions created twice, and each job's spend against what was billed.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { SeededRandom } from '../../src/adapters/random/seeded-random.js';
import { loadConfig } from '../../src/config/load-config.js';
import { openTroupe, type OpenedTroupe } from '../../src/main/open-troupe.js';
import type { LaunchMode } from '../../src/domain/policy/launch-modes.js';
import type { Attempt } from '../../src/domain/generation/attempt.js';
import { paidLedger } from '../../src/domain/generation/paid-ledger.js';
import { FakeClock } from '../fakes/fake-clock.js';
import { startFakeReplicate } from '../fakes/fake-replicate/fake-replicate-server.js';
import type { FakeScript } from '../fakes/fake-replicate/fake-script.js';
import { isIoBusy, trackedFetch } from './io-busy.js';

// No vitest here (the bench imports this too): the suite asserts on the row.
const ACTOR_ID = '0001_fault_actor';

export interface FaultCase {
  readonly name: string;
  readonly mode: LaunchMode;
  /** The fault, given the time the case starts at (scripted time) so outages can be placed in it. */
  readonly script: (startMs: number) => Partial<FakeScript>;
}

export interface FaultRow {
  readonly fault: string;
  readonly mode: LaunchMode;
  readonly jobs: number;
  readonly requested: number;
  readonly kept: number;
  /** Predictions the fake billed (every succeeded one). */
  readonly paidSuccesses: number;
  /** Billed and not kept, fast-mode spares apart. */
  readonly discarded: number;
  readonly spares: number;
  /** Predictions beyond one per attempt (same seed and prompt), plus predictions no attempt owns. */
  readonly createdTwice: number;
  readonly spendMicroUsd: number;
  readonly billedMicroUsd: number;
  /** Ledger counts add up and agree with the fake: predictions, and paid ones. */
  readonly isLedgerBalanced: boolean;
  /** Scripted time per job, seconds (start-up included). */
  readonly wallS: readonly number[];
  /** Whether database, manifest and disk agree and hold exactly the images kept. */
  readonly isSetConsistent: boolean;
}

const FAULT_TIMING = { queueMs: 500, runMs: 3_000 } as const;

/** Every third prediction's first `k` downloads are damaged in `fault`'s way. */
function damagedDownloads(fault: 'truncated' | 'corrupt' | 'reset', k: number): Partial<FakeScript> {
  return { outputFaultFor: (_input, n, download) => (n % 3 === 1 && download <= k ? fault : undefined) };
}

export const FAULT_CASES: readonly FaultCase[] = [
  { name: 'none', mode: 'thrifty', script: () => ({}) },
  { name: 'truncated bodies', mode: 'thrifty', script: () => damagedDownloads('truncated', 2) },
  { name: 'corrupt bytes', mode: 'thrifty', script: () => damagedDownloads('corrupt', 3) },
  { name: 'download resets', mode: 'thrifty', script: () => damagedDownloads('reset', 2) },
  {
    name: '5xx on GET for 2 min',
    mode: 'thrifty',
    script: (start) => ({ getErrorWhile: (now) => now >= start + 2_000 && now < start + 122_000 }),
  },
  { name: '5xx on create after creating', mode: 'thrifty', script: () => ({ failCreateAfterCreating: [2, 5, 8, 13] }) },
  {
    name: 'lost creates + 90 s list lag',
    mode: 'thrifty',
    script: () => ({ failCreateAfterCreating: [3, 11], dropCreateResponse: [6], listLagMs: 90_000 }),
  },
  {
    name: '429 storm (every 2nd create)',
    mode: 'thrifty',
    script: () => ({ throttleEvery: { every: 2, retryAfterS: 1 } }),
  },
  { name: 'mixed', mode: 'thrifty', script: mixed },
  { name: 'mixed', mode: 'fast', script: mixed },
];

function mixed(start: number): Partial<FakeScript> {
  const faults = ['truncated', 'corrupt', 'reset'] as const;
  return {
    interruptEvery: 5,
    outputFaultFor: (_input, n, download) => (n % 4 === 2 && download <= 2 ? faults[n % 3] : undefined),
    getErrorWhile: (now) => now >= start + 20_000 && now < start + 80_000,
    failCreateAfterCreating: [4, 12],
    dropCreateResponse: [9],
    listLagMs: 20_000,
    throttleEvery: { every: 3, retryAfterS: 2 },
  };
}

/** Runs `jobs` jobs of `count` images each, one after another; always closes and removes what it opened. */
export async function runFaultCase(fault: FaultCase, jobs: number, count: number): Promise<FaultRow> {
  const clock = new FakeClock(undefined, isIoBusy);
  const fake = await startFakeReplicate({
    now: () => clock.now(),
    script: { ...FAULT_TIMING, ...fault.script(clock.now()) },
  });
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'troupe-faults-'));
  const dataDir = path.join(workDir, 'data');
  const config = loadConfig({
    TROUPE_DATA_DIR: dataDir,
    TROUPE_LOG_LEVEL: 'silent',
    TROUPE_PROVIDER: 'replicate',
    REPLICATE_API_TOKEN: 'test-token',
    REPLICATE_API_BASE_URL: fake.baseUrl,
    REPLICATE_POLL_INTERVAL_MS: '500',
  });
  const t = await openTroupe(config, {
    clock,
    random: new SeededRandom(42),
    isLogging: false,
    fetch: trackedFetch,
    settings: { heartbeatMs: 1000, leaseMs: 10_000 },
  });
  try {
    const base = path.join(workDir, 'base.png');
    await sharp({
      create: {
        width: 512,
        height: 512,
        channels: 3,
        background: '#808080',
        noise: { type: 'gaussian', mean: 128, sigma: 60 },
      },
    })
      .png()
      .toFile(base);
    await t.troupe.addActorFromFile({ id: ACTOR_ID, baseImagePath: base, descriptor: 'woman' });
    const wallS: number[] = [];
    let spend = 0;
    let kept = 0;
    let spares = 0;
    let ledgerPredictions = 0;
    let ledgerPaid = 0;
    let isLedgerSound = true;
    const attempts: Attempt[] = [];
    for (let i = 0; i < jobs; i += 1) {
      const startedMs = clock.now();
      const created = await t.troupe.createJob({
        actorId: ACTOR_ID,
        count,
        mode: fault.mode,
        provider: 'replicate',
        providerOptions: {},
      });
      const job = await clock.runUntil(t.troupe.runJob(created.id, { owner: t.owner }));
      wallS.push((clock.now() - startedMs) / 1000);
      const jobAttempts = await t.troupe.listAttempts(job.id);
      attempts.push(...jobAttempts);
      const ledger = paidLedger(jobAttempts);
      spend += job.spendMicroUsd;
      kept += job.completedImages;
      spares += ledger.spares;
      ledgerPredictions += ledger.predictions;
      ledgerPaid += ledger.paid;
      isLedgerSound &&=
        ledger.open === 0 &&
        ledger.kept + ledger.spares + ledger.discarded + ledger.expired + ledger.providerFailures ===
          ledger.predictions;
    }
    const predictions = fake.predictions;
    let createdTwice = predictions.filter(
      (p) => !attempts.some((a) => a.seed === p.input.seed && a.prompt === p.input.prompt),
    ).length;
    for (const a of attempts) {
      const copies = predictions.filter((p) => p.input.seed === a.seed && p.input.prompt === a.prompt).length;
      createdTwice += Math.max(0, copies - 1);
    }
    const paidSuccesses = fake.billedCount();
    return {
      fault: fault.name,
      mode: fault.mode,
      jobs,
      requested: jobs * count,
      kept,
      paidSuccesses,
      discarded: paidSuccesses - kept - spares,
      spares,
      createdTwice,
      spendMicroUsd: spend,
      billedMicroUsd: fake.billedMicroUsd(),
      isLedgerBalanced: isLedgerSound && ledgerPredictions === fake.createdCount() && ledgerPaid === paidSuccesses,
      wallS,
      isSetConsistent: await isConsistent(t, dataDir, kept),
    };
  } finally {
    await t.close();
    await fake.close();
    await rm(workDir, { recursive: true, force: true });
  }
}

/** The database, the manifest and the training folder hold the same `kept` files, numbered 1..kept. */
async function isConsistent(t: OpenedTroupe, dataDir: string, kept: number): Promise<boolean> {
  const files = (await readdir(path.join(dataDir, 'actors', ACTOR_ID, 'training_data'))).sort();
  const rows = (await t.troupe.listImages(ACTOR_ID as never)).map((r) => r.fileName).sort();
  const manifest = JSON.parse(await readFile(path.join(dataDir, 'actor_manifests', '0001_manifest.json'), 'utf8')) as {
    images: Record<string, unknown>;
    total_images: number;
  };
  const expected = Array.from({ length: kept }, (_, i) => `${ACTOR_ID}_${i + 1}.jpg`).sort();
  const same = (a: readonly string[]) => JSON.stringify(a) === JSON.stringify(expected);
  return same(files) && same(rows) && same(Object.keys(manifest.images).sort()) && manifest.total_images === kept;
}
