// Identity benchmark (part of `npm run bench:evaluate`), on the product's code path end to end: openTroupe, SQLite,
// the worker-thread face analyzer, `judgeImages` (what `balance` and the UI run).
//  1. Cold identity evaluation of a 200-image set on a fresh install (threads start and load the models inside the
//     timing), then the re-evaluation of the unchanged set. Targets: < 60 s and < 1 s.
//  2. Cold identity evaluation of 1,000 images with faces, in images/s, against a bare sharp decode of the same files
//     measured in the same run.
//  3. The generation gate: a job's wall time with the gate on vs off against the fake Replicate (outputs are faces),
//     the first gated job of a fresh process first. Target: at most 10% longer.
// BENCH_IDENTITY_IMAGES shrinks part 2 on a busy machine (the table says how many were measured).
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { WorkerFaceAnalyzer } from '../src/adapters/faces/worker-face-analyzer.js';
import { renderSimImage, type SimImageType } from '../src/adapters/provider/sim-renderer.js';
import { SeededRandom } from '../src/adapters/random/seeded-random.js';
import { loadConfig } from '../src/config/load-config.js';
import { parseActorId } from '../src/domain/actors/actor-id.js';
import { trainingImageKey } from '../src/domain/actors/dataset-layout.js';
import { openTroupe, type OpenedTroupe } from '../src/main/open-troupe.js';
import { startFakeReplicate } from '../test/fakes/fake-replicate/fake-replicate-server.js';
import { OutputImages } from '../test/fakes/fake-replicate/output-images.js';

const ACTOR = parseActorId('0001_bench_identity');
const ACTOR_PHOTO = 'test/fixtures/faces/actor.jpg';
const SET_SIZE = 200;
const LARGE_SET = Number(process.env.BENCH_IDENTITY_IMAGES ?? 1000);
const TARGET_COLD_200_S = 60;
const TARGET_CACHED_S = 1;
const TARGET_GATE_RATIO = 1.1;
const CORPUS_DIR = path.join(tmpdir(), 'troupe-bench-identity-v1');
const TYPES: readonly SimImageType[] = ['photorealistic', 'bw_stylized', 'color_stylized'];
/** The gate's job: fake Replicate answering in about 3 s (flux-kontext-pro takes 5-10 s), as a real job would see. */
const GATE_JOB = { count: 12, concurrency: 4, queueMs: 500, runMs: 2500, pollIntervalMs: 250 };

async function corpus(count: number): Promise<string[]> {
  await mkdir(CORPUS_DIR, { recursive: true });
  const actor = await readFile(ACTOR_PHOTO);
  const files = Array.from({ length: count }, (_, i) =>
    path.join(CORPUS_DIR, `face_${String(i).padStart(4, '0')}.jpg`),
  );
  const missing = files.filter((f) => !existsSync(f));
  if (missing.length > 0)
    console.log(`Rendering ${missing.length} sim images of the actor in ${CORPUS_DIR} (not timed)...`);
  for (const file of missing) {
    const i = files.indexOf(file);
    await writeFile(`${file}.tmp`, await renderSimImage({ baseImage: actor, type: TYPES[i % 3]!, seed: 5000 + i }));
    await rename(`${file}.tmp`, file);
  }
  return files;
}

async function freshInstall(files: readonly string[], env: Record<string, string> = {}) {
  const workDir = await mkdtemp(path.join(tmpdir(), 'troupe-bench-id-'));
  const config = loadConfig({ TROUPE_DATA_DIR: path.join(workDir, 'data'), TROUPE_LOG_LEVEL: 'silent', ...env });
  // A new analyzer: its threads start and load the models on first use, as in a fresh process.
  const faces = new WorkerFaceAnalyzer();
  const opened = await openTroupe(config, { random: new SeededRandom(7), isLogging: false, faces });
  const added = await opened.troupe.addActorFromFile({ id: ACTOR, baseImagePath: ACTOR_PHOTO, descriptor: 'woman' });
  if (!added.identity.isChecking) throw new Error('the bench actor has no reference face');
  let number = 0;
  for (const file of files) {
    const bytes = new Uint8Array(await readFile(file));
    number += 1;
    const fileName = `${ACTOR}_${number}.jpg`;
    await opened.troupe.deps.blobs.put(trainingImageKey(ACTOR, fileName), bytes);
    await opened.troupe.deps.images.insert({
      id: `img_bench_${number}`,
      actorId: ACTOR,
      fileName,
      number,
      type: TYPES[(number - 1) % 3]!,
      prompt: null,
      promptId: null,
      s3Url: null,
      generatedAt: new Date().toISOString(),
      generatedBy: 'troupe',
      jobId: null,
      attemptId: null,
      width: 1024,
      height: 1024,
      sizeBytes: bytes.byteLength,
      sha256: opened.troupe.deps.inspector.sha256(bytes),
    });
  }
  return {
    opened,
    faces,
    close: async () => (await opened.close(), await faces.close(), await rm(workDir, { recursive: true, force: true })),
  };
}

async function seconds<T>(work: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = performance.now();
  const value = await work();
  return { value, seconds: (performance.now() - started) / 1000 };
}

async function evaluation(): Promise<string[]> {
  const files = await corpus(Math.max(SET_SIZE, LARGE_SET));
  const lines: string[] = [];
  const row = (step: string, images: number, s: number, baseline?: number) =>
    lines.push(
      `| ${step} | ${images} | ${s.toFixed(2)} | ${(images / s).toFixed(1)} | ${baseline === undefined ? '-' : `${(s / baseline).toFixed(1)}x`} |`,
    );
  const decodeLarge = await seconds(async () => {
    for (const f of files.slice(0, LARGE_SET)) await sharp(f).raw().toBuffer();
  });
  row('bare decode, full size (baseline)', LARGE_SET, decodeLarge.seconds, decodeLarge.seconds);

  const small = await freshInstall(files.slice(0, SET_SIZE));
  try {
    const cold = await seconds(() => small.opened.troupe.judgeImages(ACTOR));
    if (cold.value.analysedCount !== SET_SIZE) throw new Error(`analysed ${cold.value.analysedCount} of ${SET_SIZE}`);
    row(
      'cold identity, fresh install (threads + models loaded inside)',
      SET_SIZE,
      cold.seconds,
      decodeLarge.seconds * (SET_SIZE / LARGE_SET),
    );
    const again = await seconds(() => small.opened.troupe.judgeImages(ACTOR));
    if (again.value.analysedCount !== 0) throw new Error('the re-evaluation analysed images again');
    row(
      're-evaluation of the unchanged set (cache)',
      SET_SIZE,
      again.seconds,
      decodeLarge.seconds * (SET_SIZE / LARGE_SET),
    );
    const verdicts = [...cold.value.verdicts.values()].map((v) => v.verdict);
    lines.push(`\nVerdicts of the ${SET_SIZE} sim renders of the actor: ${summarize(verdicts)}`);
    lines.push(
      `Target cold ${SET_SIZE}: ${target(cold.seconds, TARGET_COLD_200_S)}. Target re-evaluation: ${target(again.seconds, TARGET_CACHED_S)}.\n`,
    );
  } finally {
    await small.close();
  }
  const large = await freshInstall(files.slice(0, LARGE_SET));
  try {
    const cold = await seconds(() => large.opened.troupe.judgeImages(ACTOR));
    row('cold identity of the large set, fresh install', LARGE_SET, cold.seconds, decodeLarge.seconds);
  } finally {
    await large.close();
  }
  return lines;
}

function summarize(verdicts: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const v of verdicts) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].map(([v, n]) => `${v} ${n}`).join(', ');
}

function target(value: number, limit: number): string {
  return `${value.toFixed(2)} s ${value < limit ? '<' : '>='} ${limit} s: ${value < limit ? 'met' : 'NOT met'}`;
}

async function gateJob(isGated: boolean, troupe: OpenedTroupe): Promise<{ wall: number; offModel: number }> {
  const job = await troupe.troupe.createJob({
    actorId: ACTOR,
    count: GATE_JOB.count,
    types: 'photorealistic',
    concurrency: GATE_JOB.concurrency,
    earlyStopBelow: 0,
    provider: 'replicate',
    providerOptions: {},
    identity: isGated ? 'on' : 'off',
  });
  const { seconds: wall, value } = await seconds(() => troupe.troupe.runJob(job.id, { owner: troupe.owner }));
  if (value.completedImages !== GATE_JOB.count) throw new Error(`job kept ${value.completedImages} images`);
  const attempts = await troupe.troupe.listAttempts(job.id);
  return { wall, offModel: attempts.filter((a) => a.failureClass === 'off_model').length };
}

async function gate(): Promise<string[]> {
  // Outputs are sim renders of the actor's face (all on-model): the gate analyses every one and keeps it.
  const actor = await readFile(ACTOR_PHOTO);
  // A new image for every prediction, so no gated job meets an output an earlier one analysed (and cached).
  const pool = await Promise.all(
    Array.from({ length: 64 }, (_, i) => renderSimImage({ baseImage: actor, type: 'photorealistic', seed: 900 + i })),
  );
  let served = 0;
  OutputImages.prototype.jpegFor = () => Promise.resolve(Buffer.from(pool[served++ % pool.length]!));
  const fake = await startFakeReplicate({
    script: { queueMs: GATE_JOB.queueMs, runMs: GATE_JOB.runMs, outcomeFor: () => 'succeeded' },
  });
  const install = await freshInstall([], {
    TROUPE_PROVIDER: 'replicate',
    REPLICATE_API_TOKEN: 'test-token',
    REPLICATE_API_BASE_URL: fake.baseUrl,
    REPLICATE_POLL_INTERVAL_MS: String(GATE_JOB.pollIntervalMs),
    REPLICATE_CREATES_PER_MINUTE: '6000',
  });
  try {
    // The actor's base face was analysed when it was added; the threads that did it are warm from here on, so the
    // first gated job is measured on a new analyzer of its own (the cold start a fresh process pays).
    await install.faces.close();
    const runs: { label: string; wall: number; offModel: number }[] = [];
    runs.push({ label: 'gate off (first job)', ...(await gateJob(false, install.opened)) });
    runs.push({
      label: 'gate on (first gated job: threads start, models load)',
      ...(await gateJob(true, install.opened)),
    });
    runs.push({ label: 'gate off', ...(await gateJob(false, install.opened)) });
    runs.push({ label: 'gate on (models loaded)', ...(await gateJob(true, install.opened)) });
    const lines = [
      `\nGeneration gate: ${GATE_JOB.count} images, concurrency ${GATE_JOB.concurrency}, fake Replicate answering in ${(GATE_JOB.queueMs + GATE_JOB.runMs) / 1000} s, outputs are faces of the actor`,
      '| job | wall s | off-model attempts | ratio to the gate-off job before it |',
      '|---|---:|---:|---:|',
    ];
    for (const [i, run] of runs.entries()) {
      const before = i % 2 === 1 ? runs[i - 1]!.wall : run.wall;
      lines.push(`| ${run.label} | ${run.wall.toFixed(2)} | ${run.offModel} | ${(run.wall / before).toFixed(3)}x |`);
    }
    const worst = Math.max(runs[1]!.wall / runs[0]!.wall, runs[3]!.wall / runs[2]!.wall);
    lines.push(
      `Target: gate on at most ${TARGET_GATE_RATIO}x the wall time of gate off: worst ${worst.toFixed(3)}x, ${worst <= TARGET_GATE_RATIO ? 'met' : 'NOT met'}.`,
    );
    return lines;
  } finally {
    await install.close();
    await fake.close();
  }
}

async function main(): Promise<void> {
  const header = `Identity on ${cpus().length} CPUs, load average ${loadavg()[0]?.toFixed(1)} at the start (a shared machine: wall times include other work)\n`;
  const evaluated = await evaluation();
  const gated = await gate();
  console.log(header);
  console.log('| step | images | seconds | images/s | ratio to bare decode of as many |');
  console.log('|---|---:|---:|---:|---:|');
  for (const line of evaluated) console.log(line);
  for (const line of gated) console.log(line);
  console.log(`Load average at the end: ${loadavg()[0]?.toFixed(1)}`);
}

await main();
