import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, expect } from 'vitest';
import { SeededRandom } from '../../src/adapters/random/seeded-random.js';
import type { GenerationInput } from '../../src/app/troupe.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { GenerationJob } from '../../src/domain/generation/job.js';
import type { Manifest } from '../../src/domain/manifest/manifest.js';
import { openTroupe, type OpenedTroupe } from '../../src/main/open-troupe.js';
import { FakeClock } from '../fakes/fake-clock.js';
import { isIoBusy, trackedFaces, trackedFetch } from './io-busy.js';
import { sharedFaceAnalyzer } from '../../src/adapters/faces/worker-face-analyzer.js';

export const ACTOR_ID = '0001_test_actor';

/** A colorful, detailed base image, as a PNG file in `dir`. */
export async function writeBaseImage(dir: string, name = 'base.png'): Promise<string> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="800">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#f4a"/><stop offset="1" stop-color="#3af"/></linearGradient></defs>
    <rect width="640" height="800" fill="url(#g)"/><circle cx="320" cy="300" r="150" fill="#fc9"/>
    <circle cx="270" cy="280" r="18" fill="#235"/><circle cx="370" cy="280" r="18" fill="#235"/>
    <path d="M250 370 Q320 420 390 370" stroke="#a33" stroke-width="10" fill="none"/>
    <rect x="170" y="480" width="300" height="320" rx="60" fill="#2a7"/></svg>`;
  const file = path.join(dir, name);
  await sharp(Buffer.from(svg)).png().toFile(file);
  return file;
}

export interface TestTroupe extends OpenedTroupe {
  readonly clock: FakeClock;
  readonly dataDir: string;
  readonly workDir: string;
}

/** A Troupe on a temp data dir with a fake clock and seeded randomness; `dataDir` may be shared between instances. */
export async function openTestTroupe(
  options: { dataDir?: string; clock?: FakeClock; seed?: number; env?: Record<string, string> } = {},
): Promise<TestTroupe> {
  const workDir = options.dataDir
    ? path.dirname(options.dataDir)
    : await mkdtemp(path.join(os.tmpdir(), 'troupe-test-'));
  const dataDir = options.dataDir ?? path.join(workDir, 'data');
  const clock = options.clock ?? new FakeClock(undefined, isIoBusy);
  const config = loadConfig({ TROUPE_DATA_DIR: dataDir, TROUPE_SIM_LATENCY_MS: '1000-4000', ...options.env });
  const opened = await openTroupe(config, {
    clock,
    random: new SeededRandom(options.seed ?? 42),
    isLogging: false,
    fetch: trackedFetch,
    faces: trackedFaces(sharedFaceAnalyzer()),
    settings: { heartbeatMs: 1000, leaseMs: 10_000 },
  });
  return { ...opened, clock, dataDir, workDir };
}

export async function addTestActor(t: TestTroupe, id = ACTOR_ID): Promise<void> {
  await t.troupe.addActorFromFile({
    id,
    baseImagePath: await writeBaseImage(t.workDir, `${id}.png`),
    descriptor: 'woman',
  });
}

/** Creates a job and runs it to its end on the fake clock. */
export async function generate(
  t: TestTroupe,
  input: Partial<GenerationInput> & { scenario?: string },
): Promise<GenerationJob> {
  const { scenario = 'perfect', ...rest } = input;
  const providerOptions: Record<string, string> = (rest.provider ?? 'sim') === 'sim' ? { scenario } : {};
  const job = await t.troupe.createJob({ actorId: ACTOR_ID, providerOptions, ...rest });
  return t.clock.runUntil(t.troupe.runJob(job.id, { owner: t.owner }));
}

export async function readManifest(t: TestTroupe, prefix = '0001'): Promise<Manifest> {
  return JSON.parse(
    await readFile(path.join(t.dataDir, 'actor_manifests', `${prefix}_manifest.json`), 'utf8'),
  ) as Manifest;
}

export async function trainingFiles(t: TestTroupe, actorId = ACTOR_ID): Promise<string[]> {
  return (await readdir(path.join(t.dataDir, 'actors', actorId, 'training_data'))).sort();
}

/** Disk, database and manifest tell the same story, and numbers run 1..n without gaps or repeats. */
export async function expectConsistentSet(t: TestTroupe, expectedCount: number, actorId = ACTOR_ID): Promise<void> {
  const files = await trainingFiles(t, actorId);
  const rows = await t.troupe.listImages(actorId as never);
  const manifest = await readManifest(t, actorId.split('_')[0]);
  expect(files).toHaveLength(expectedCount);
  expect(rows.map((r) => r.fileName).sort()).toEqual(files);
  expect(Object.keys(manifest.images).sort()).toEqual(files);
  expect(manifest.total_images).toBe(expectedCount);
  const numbers = rows.map((r) => r.number).sort((a, b) => (a ?? 0) - (b ?? 0));
  expect(numbers).toEqual(Array.from({ length: expectedCount }, (_, i) => i + 1));
  for (const [file, entry] of Object.entries(manifest.images)) {
    expect(file).toBe(`${actorId}_${entry.index}.jpg`);
    expect(entry.local_path).toBe(`data/actors/${actorId}/training_data/${file}`);
  }
  const byType = new Map<string, number>();
  for (const entry of Object.values(manifest.images))
    byType.set(String(entry.type), (byType.get(String(entry.type)) ?? 0) + 1);
  for (const [type, count] of byType) expect(rows.filter((r) => String(r.type) === type)).toHaveLength(count);
}

export async function removeTestTroupe(t: TestTroupe): Promise<void> {
  await t.close();
  await rm(t.workDir, { recursive: true, force: true });
}

/**
 * For a test file: `setUp(seed?)` opens a test Troupe with the test actor added, and every one opened is closed and
 * removed after each test.
 */
export function useTestTroupes(): (seed?: number) => Promise<TestTroupe> {
  const open = useTestTroupesWith();
  return async (seed?: number) => {
    const t = await open(seed);
    await addTestActor(t);
    return t;
  };
}

/** As useTestTroupes, without an actor: the test adds its own. */
export function useTestTroupesWith(): (seed?: number) => Promise<TestTroupe> {
  let open: TestTroupe[] = [];
  afterEach(async () => {
    for (const t of open) await removeTestTroupe(t).catch(() => undefined);
    open = [];
  });
  return async (seed?: number) => {
    const t = await openTestTroupe({ seed });
    open.push(t);
    return t;
  };
}
