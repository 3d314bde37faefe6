/**
 * One crash case of the Replicate crash test: a fresh data dir and a fresh fake Replicate, a real `troupe generate`
 * killed with SIGKILL after a seeded delay, `troupe jobs resume` once its claim has lapsed, then an audit that holds
 * the fake's predictions (the bill) against the database, the training folder and the manifest.
 */
import { cp, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import sharp from 'sharp';
import { SeededRandom } from '../../src/adapters/random/seeded-random.js';
import type { Manifest } from '../../src/domain/manifest/manifest.js';
import { startFakeReplicate, type FakeReplicate } from '../fakes/fake-replicate/fake-replicate-server.js';
import type { FakeScript } from '../fakes/fake-replicate/fake-script.js';
import type { PredictionView } from '../fakes/fake-replicate/prediction-view.js';
import {
  makeWorkspace,
  runTroupe,
  startTroupe,
  withDb,
  writePortraitPng,
  type TroupeResult,
  type Workspace,
} from './run-troupe.js';

export const CRASH_ACTOR = '0001_crash_woman';
const IMAGES_PER_JOB = 6;
/** Two prompts of the default library (one photorealistic, one bw_stylized) that the fake refuses with E005. */
const FILTERED_PROMPTS = /golden hour|charcoal sketch/;
/** Stands in for "the killed process's 30 s claim has run out". */
const PAST_LEASE = '2000-01-01T00:00:00.000Z';
const FINAL_JOB_STATUSES = ['completed', 'failed', 'canceled'];
const FINAL_ATTEMPT_STATUSES = ['succeeded', 'failed', 'canceled'];

/** Where the kill landed, read from the database right after it. */
export type KillStage =
  'not-killed' | 'after-finish' | 'before-job' | 'before-attempts' | 'in-flight' | 'storing' | 'between-attempts';

export interface CrashPlan {
  readonly run: number;
  readonly killAfterMs: number;
  /** What the delay counts from: the spawn (kills during startup) or the job's plan line on stdout. */
  readonly killFrom: 'spawn' | 'plan';
  readonly isLargeBase: boolean;
  readonly script: Partial<FakeScript>;
}

export interface CrashOutcome {
  readonly plan: CrashPlan;
  readonly stage: KillStage;
  readonly jobId: string | undefined;
  readonly resume: TroupeResult | undefined;
  readonly job: { status: string; completed_images: number } | undefined;
  readonly isUploadUsed: boolean;
  readonly audit: Audit;
  /** Where to look when something failed: the data dir with its logs/troupe.log. */
  readonly dataDir: string;
}

export interface Audit {
  readonly predictions: number;
  readonly billed: number;
  readonly images: number;
  /** Billed predictions no attempt owns: a create was repeated, so one image was paid for twice. */
  readonly doublePaid: number;
  /** Billed predictions whose attempt kept no image (no row, or no file in the training folder). */
  readonly lost: number;
  /**
   * Billed predictions of fast-mode spares that succeeded after the job had its N images: not kept, by design, and
   * accounted for (the attempt records the cost and says why), so neither lost nor paid twice.
   */
  readonly spares: number;
  /** Every broken invariant, in words. */
  readonly problems: readonly string[];
}

/** The seeded schedule: kill delays, base image sizes, fake timings and which create the fake garbles. */
export function planCrashRuns(seed: number, count: number): CrashPlan[] {
  const random = new SeededRandom(seed);
  return Array.from({ length: count }, (_, run) => {
    const killAfterMs = 50 + random.int(1451);
    const killFrom = random.int(6) === 0 ? 'spawn' : 'plan';
    const isLargeBase = random.int(3) === 0;
    const script: Partial<FakeScript> = {
      queueMs: 30 + random.int(51),
      runMs: 100 + random.int(201),
      interruptEvery: 5,
      filterPrompts: FILTERED_PROMPTS,
    };
    const fault = random.int(3);
    const ordinal = 1 + random.int(6);
    if (fault === 1) script.failCreateAfterCreating = ordinal;
    if (fault === 2) script.dropCreateResponse = ordinal;
    return { run, killAfterMs, killFrom, isLargeBase, script };
  });
}

/** A 700x900 PNG: a smooth portrait (inline data URL) or coloured noise that stays over 256 KB as JPEG (files API). */
export async function writeCrashBaseImage(file: string, isLarge: boolean): Promise<string> {
  if (!isLarge) return writePortraitPng(file, 700, 900);
  await sharp({
    create: {
      width: 700,
      height: 900,
      channels: 3,
      background: '#808080',
      noise: { type: 'gaussian', mean: 128, sigma: 60 },
    },
  })
    .png()
    .toFile(file);
  return file;
}

/**
 * A data dir holding the actor, made once by `troupe actors add`; each run starts from a copy of it, which is the
 * state `actors add` leaves and saves a process start per run.
 */
export async function addTemplateActor(baseImage: string): Promise<Workspace> {
  const ws = await makeWorkspace();
  const added = await runTroupe(ws, ['actors', 'add', CRASH_ACTOR, '--base-image', baseImage, '--descriptor', 'woman']);
  if (added.code !== 0) throw new Error(`actors add failed:\n${added.stdout}\n${added.stderr}`);
  return ws;
}

export async function runCrashCase(
  plan: CrashPlan,
  template: Workspace,
  track: (ws: Workspace, fake: FakeReplicate) => void,
): Promise<CrashOutcome> {
  const fake = await startFakeReplicate({ script: plan.script });
  const ws = await makeWorkspace({
    TROUPE_PROVIDER: 'replicate',
    REPLICATE_API_TOKEN: 'test-token',
    REPLICATE_API_BASE_URL: fake.baseUrl,
    REPLICATE_POLL_INTERVAL_MS: '20',
    REPLICATE_WAIT_SECONDS: '1',
  });
  track(ws, fake);
  await cp(template.dataDir, ws.dataDir, { recursive: true });

  const killed = await generateAndKill(ws, plan);
  const stage = killed.signal === 'SIGKILL' ? killStage(ws) : 'not-killed';
  const jobId = onlyJobId(ws);
  let resume: TroupeResult | undefined;
  if (stage !== 'not-killed' && stage !== 'after-finish' && jobId !== undefined) {
    withDb(
      ws.dbFile,
      (db) => db.prepare('UPDATE generation_jobs SET lease_until = ? WHERE id = ?').run(PAST_LEASE, jobId),
      { isWritable: true },
    );
    resume = await runTroupe(ws, ['jobs', 'resume', jobId]);
  }
  await untilPredictionsEnd(fake);
  const job = jobId === undefined ? undefined : jobRow(ws, jobId);
  const isUploadUsed = fake.requests.some((r) => r.method === 'POST' && r.path === '/v1/files');
  return { plan, stage, jobId, resume, job, isUploadUsed, audit: await auditRun(ws, fake), dataDir: ws.dataDir };
}

/**
 * Runs `troupe generate` and kills it `killAfterMs` after spawning it, or after it printed its plan (the job row
 * exists by then): startup takes 0.4-1 s on a busy 2-core machine, so counting from the plan keeps most kills inside
 * the job whatever the machine's speed.
 */
async function generateAndKill(ws: Workspace, plan: CrashPlan): Promise<TroupeResult> {
  const options = ['--count', String(IMAGES_PER_JOB), '--provider', 'replicate', '--concurrency', '3'];
  const running = startTroupe(ws, ['generate', '--actor-id', CRASH_ACTOR, ...options]);
  let timer: NodeJS.Timeout | undefined;
  const armKill = () => {
    timer = setTimeout(() => {
      if (running.child.exitCode === null && running.child.signalCode === null) running.child.kill('SIGKILL');
    }, plan.killAfterMs);
  };
  if (plan.killFrom === 'spawn') armKill();
  else running.waitFor(/^Job job_\w+:/m).then(armKill, () => undefined);
  try {
    return await running.done;
  } finally {
    clearTimeout(timer);
  }
}

function hasTable(ws: Workspace, table: string): boolean {
  return withDb(
    ws.dbFile,
    (db) => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !== undefined,
  );
}

function onlyJobId(ws: Workspace): string | undefined {
  if (!hasTable(ws, 'generation_jobs')) return undefined;
  const rows = withDb(ws.dbFile, (db) => db.prepare('SELECT id FROM generation_jobs').all()) as { id: string }[];
  if (rows.length > 1) throw new Error(`expected at most one job, found ${rows.length}`);
  return rows[0]?.id;
}

function jobRow(ws: Workspace, jobId: string): { status: string; completed_images: number } {
  return withDb(ws.dbFile, (db) =>
    db.prepare('SELECT status, completed_images FROM generation_jobs WHERE id = ?').get(jobId),
  ) as never;
}

function killStage(ws: Workspace): KillStage {
  const jobId = onlyJobId(ws);
  if (jobId === undefined) return 'before-job';
  if (FINAL_JOB_STATUSES.includes(jobRow(ws, jobId).status)) return 'after-finish';
  const statuses = withDb(
    ws.dbFile,
    (db) => db.prepare('SELECT status FROM attempts').all() as { status: string }[],
  ).map((r) => r.status);
  if (statuses.length === 0) return 'before-attempts';
  if (statuses.includes('storing')) return 'storing';
  if (statuses.some((s) => s === 'pending' || s === 'running')) return 'in-flight';
  return 'between-attempts';
}

/** Predictions nobody follows (orphans, if any) still run on the fake; wait for them so billing is final. */
async function untilPredictionsEnd(fake: FakeReplicate): Promise<void> {
  for (let waited = 0; waited < 3_000; waited += 50) {
    if (fake.predictions.every((p) => !['starting', 'processing'].includes(p.status))) return;
    await sleep(50);
  }
}

interface AttemptRow {
  readonly id: string;
  readonly number: number;
  readonly status: string;
  readonly provider_run_id: string | null;
  readonly cost_micro_usd: number;
  readonly message: string | null;
}

interface ImageRow {
  readonly file_name: string;
  readonly number: number;
  readonly attempt_id: string | null;
}

function readRows(ws: Workspace): { attempts: AttemptRow[]; images: ImageRow[] } {
  if (!hasTable(ws, 'attempts')) return { attempts: [], images: [] };
  return withDb(ws.dbFile, (db) => ({
    attempts: db
      .prepare('SELECT id, number, status, provider_run_id, cost_micro_usd, message FROM attempts ORDER BY number')
      .all() as AttemptRow[],
    images: db
      .prepare('SELECT file_name, number, attempt_id FROM images WHERE actor_id = ? ORDER BY number')
      .all(CRASH_ACTOR) as ImageRow[],
  }));
}

async function listDir(dir: string): Promise<string[]> {
  return (await readdir(dir).catch(() => [] as string[])).sort();
}

/** The four invariants: every prediction owned once, no double pay, disk = database = manifest, attempts final. */
export async function auditRun(ws: Workspace, fake: FakeReplicate): Promise<Audit> {
  const { attempts, images } = readRows(ws);
  const predictions = fake.predictions;
  const files = await listDir(path.join(ws.dataDir, 'actors', CRASH_ACTOR, 'training_data'));
  const bill = billing(predictions, attempts, images, files);
  const problems = [
    ...ownershipProblems(predictions, attempts),
    ...bill.problems,
    ...(await datasetProblems(ws, images, files)),
  ];
  return { predictions: predictions.length, billed: bill.billed, images: images.length, ...bill.counts, problems };
}

function ownershipProblems(predictions: readonly PredictionView[], attempts: readonly AttemptRow[]): string[] {
  const problems: string[] = [];
  for (const p of predictions) {
    const owners = attempts.filter((a) => a.provider_run_id === p.id).map((a) => a.number);
    if (owners.length !== 1) {
      problems.push(
        `prediction #${p.n} ${p.id} (${p.status}) is owned by ${owners.length} attempts [${owners.join()}]`,
      );
    }
  }
  for (const a of attempts) {
    if (a.provider_run_id !== null && !predictions.some((p) => p.id === a.provider_run_id)) {
      problems.push(`attempt ${a.number} names run ${a.provider_run_id}, which the fake never created`);
    }
    if (!FINAL_ATTEMPT_STATUSES.includes(a.status)) problems.push(`attempt ${a.number} is still ${a.status}`);
  }
  return problems;
}

/** Billed predictions against kept images (an image row whose file is in the training folder). */
function billing(
  predictions: readonly PredictionView[],
  attempts: readonly AttemptRow[],
  images: readonly ImageRow[],
  files: readonly string[],
): { billed: number; counts: Pick<Audit, 'doublePaid' | 'lost' | 'spares'>; problems: string[] } {
  const billed = predictions.filter((p) => p.isBilled);
  const counts = { doublePaid: 0, lost: 0, spares: 0 };
  const problems: string[] = [];
  for (const p of billed) {
    const owners = attempts.filter((a) => a.provider_run_id === p.id);
    const kept = images.filter((i) => owners.some((a) => a.id === i.attempt_id) && files.includes(i.file_name));
    if (owners.length === 0) counts.doublePaid += 1;
    else if (kept.length === 0 && owners.some(isRecordedSpare)) counts.spares += 1;
    else if (kept.length === 0) counts.lost += 1;
    if (kept.length > 1) problems.push(`prediction #${p.n} became ${kept.length} images`);
  }
  if (billed.length - counts.spares !== images.length) {
    problems.push(`${billed.length} billed predictions (${counts.spares} spares) but ${images.length} image rows`);
  }
  return { billed: billed.length, counts, problems };
}

function isRecordedSpare(attempt: AttemptRow): boolean {
  return (
    attempt.status === 'canceled' &&
    attempt.cost_micro_usd > 0 &&
    (attempt.message ?? '').startsWith('Succeeded after the job had its')
  );
}

async function datasetProblems(
  ws: Workspace,
  images: readonly ImageRow[],
  files: readonly string[],
): Promise<string[]> {
  const manifestFile = path.join(ws.dataDir, 'actor_manifests', '0001_manifest.json');
  const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as Manifest;
  const rowNames = images.map((i) => i.file_name).sort();
  const manifestNames = Object.keys(manifest.images).sort();
  const numbers = images.map((i) => i.number).sort((a, b) => a - b);
  const incoming = await listDir(path.join(ws.dataDir, 'incoming'));
  const temps = incoming.filter((name) => name.endsWith('.tmp'));
  const stranded = incoming.filter((name) => !name.endsWith('.tmp'));
  const checks: ReadonlyArray<[boolean, string]> = [
    [rowNames.join() === files.join(), `training files [${files.join()}] != image rows [${rowNames.join()}]`],
    [
      manifestNames.join() === rowNames.join(),
      `manifest images [${manifestNames.join()}] != image rows [${rowNames.join()}]`,
    ],
    [
      manifest.total_images === images.length,
      `manifest total_images ${manifest.total_images} != ${images.length} rows`,
    ],
    [numbers.every((n, i) => n === i + 1), `image numbers [${numbers.join()}] are not 1..${images.length}`],
    [stranded.length === 0, `incoming/ still holds [${stranded.join()}]: downloaded, never moved into training_data`],
    [temps.length === 0, `incoming/ still holds [${temps.join()}]: temp files of a download the kill interrupted`],
  ];
  return checks.filter(([isOk]) => !isOk).map(([, problem]) => problem);
}
