// One cell of the launch-policy benchmark, part 2: a few real jobs, one after another, run by the whole engine
// (openTroupe, SQLite, the Replicate adapter over HTTP) against the fake Replicate on loopback, on the system clock.
// Each cell gets a fresh data dir and a fresh fake; before every job the provider estimate is set to the cell's true
// rate, so every job plans (budget, forecast, fast plan) with the same p as the simulation.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { Troupe } from '../src/app/troupe.js';
import type { Attempt } from '../src/domain/generation/attempt.js';
import { loadConfig } from '../src/config/load-config.js';
import { priorEstimate } from '../src/domain/policy/beta-estimate.js';
import { createPrng, type UniformSource } from '../src/domain/policy/prng.js';
import type { SimPolicy } from '../src/domain/policy/simulate-job.js';
import { openTroupe } from '../src/main/open-troupe.js';
import { SeededRandom } from '../src/adapters/random/seeded-random.js';
import { startFakeReplicate } from '../test/fakes/fake-replicate/fake-replicate-server.js';
import { PA_INTERRUPTED } from '../test/fakes/fake-replicate/fake-script.js';
import type { ScriptedOutcome } from '../test/fakes/fake-replicate/prediction-timeline.js';

export interface EngineCell {
  readonly p: number;
  readonly n: number;
  readonly policy: SimPolicy;
  readonly concurrency: number;
  readonly jobs: number;
  /** Seeds the fake's outcome stream (and the engine's prompt and seed choices). */
  readonly seed: number;
}

export interface EngineTiming {
  /** Scripted time a prediction spends `starting`, then `processing`: the nominal L is queueMs + runMs. */
  readonly queueMs: number;
  readonly runMs: number;
  readonly pollIntervalMs: number;
}

/** One job as it ended. */
export interface EngineJob {
  readonly isReachedN: boolean;
  /** Attempts started, canceled spares included. */
  readonly attempts: number;
  readonly wallMs: number;
  readonly budget: number;
  /** The forecast stated when the job was created: P(reach N), expected attempts, expected wall in rounds of L. */
  readonly forecastP: number;
  readonly forecastAttempts: number;
  readonly forecastWallRounds: number;
  /** The success rate the job planned with. */
  readonly plannedP: number;
  /** Launch to end of each attempt that ran to an outcome, as the engine saw it (polling and keeping included). */
  readonly successLatenciesMs: readonly number[];
  readonly failureLatenciesMs: readonly number[];
  /** Attempts launched and then canceled because N images were in (they count against the budget, unbilled). */
  readonly canceled: number;
  /** Failed attempts whose failure was not the scripted one (PA): should be none. */
  readonly unscriptedFailures: number;
}

const ACTOR_ID = '0001_bench_actor';
const PROVIDER = 'replicate';
/** The estimate's weight, in attempts: heavy enough that one job's own outcomes barely move its plan. */
const SEEDED_ATTEMPTS = 400;

/** Runs `cell.jobs` jobs in a row; always closes the fake and the database and removes the data dir. */
export async function runEngineCell(cell: EngineCell, timing: EngineTiming): Promise<EngineJob[]> {
  const outcomes = createPrng(cell.seed);
  const fake = await startFakeReplicate({
    script: {
      queueMs: timing.queueMs,
      runMs: timing.runMs,
      outcomeFor: () => bernoulliOutcome(outcomes, cell.p),
    },
  });
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'troupe-bench-'));
  try {
    const config = loadConfig({
      TROUPE_DATA_DIR: path.join(workDir, 'data'),
      TROUPE_PROVIDER: PROVIDER,
      TROUPE_LOG_LEVEL: 'silent',
      REPLICATE_API_TOKEN: 'test-token',
      REPLICATE_API_BASE_URL: fake.baseUrl,
      REPLICATE_POLL_INTERVAL_MS: String(timing.pollIntervalMs),
      REPLICATE_CREATES_PER_MINUTE: '6000',
    });
    const opened = await openTroupe(config, { random: new SeededRandom(cell.seed), isLogging: false });
    try {
      await addActor(opened.troupe, workDir);
      const jobs: EngineJob[] = [];
      for (let i = 0; i < cell.jobs; i += 1) {
        await setEstimate(opened.troupe, cell.p);
        jobs.push(await runOneJob(opened.troupe, opened.owner, cell));
      }
      return jobs;
    } finally {
      await opened.close();
    }
  } finally {
    await fake.close();
    await rm(workDir, { recursive: true, force: true });
  }
}

/** A failed prediction is Replicate's transient "interrupted (PA)": it costs an attempt and says nothing of the prompt. */
function bernoulliOutcome(random: UniformSource, p: number): ScriptedOutcome {
  return random() < p ? 'succeeded' : { failed: PA_INTERRUPTED };
}

async function addActor(troupe: Troupe, workDir: string): Promise<void> {
  const basePath = path.join(workDir, 'base.jpg');
  await sharp(Buffer.from(BASE_SVG)).jpeg({ quality: 85 }).toFile(basePath);
  await troupe.addActorFromFile({ id: ACTOR_ID, baseImagePath: basePath, descriptor: 'woman' });
}

/** Brings the stored counts (what earlier jobs taught) back to ones whose estimate, with the prior, has mean p. */
async function setEstimate(troupe: Troupe, p: number): Promise<void> {
  const { providers, outcomeCounts } = troupe.deps;
  const subject = `provider:${providers.estimateSubject(PROVIDER, {})}`;
  const target = countsWithMean(p, priorEstimate(providers.expectedSuccessRate(PROVIDER, {})));
  const stored = (await outcomeCounts.read([subject])).get(subject) ?? { successes: 0, failures: 0 };
  await outcomeCounts.add(subject, {
    successes: target.successes - stored.successes,
    failures: target.failures - stored.failures,
  });
}

/** Whole-number counts that, added to the prior, put the estimate's mean as close to p as they can. */
function countsWithMean(p: number, prior: { alpha: number; beta: number }): { successes: number; failures: number } {
  let best = { successes: 0, failures: 0, gap: Infinity };
  for (let total = SEEDED_ATTEMPTS; total < SEEDED_ATTEMPTS + 40; total += 1) {
    const successes = Math.round(p * (total + prior.alpha + prior.beta) - prior.alpha);
    const gap = Math.abs((prior.alpha + successes) / (total + prior.alpha + prior.beta) - p);
    if (gap < best.gap) best = { successes, failures: total - successes, gap };
  }
  return { successes: best.successes, failures: best.failures };
}

async function runOneJob(troupe: Troupe, owner: string, cell: EngineCell): Promise<EngineJob> {
  const job = await troupe.createJob({
    actorId: ACTOR_ID,
    count: cell.n,
    mode: cell.policy,
    concurrency: cell.concurrency,
    earlyStopBelow: 0,
    provider: PROVIDER,
    providerOptions: {},
  });
  const startedMs = performance.now();
  const done = await troupe.runJob(job.id, { owner });
  const wallMs = performance.now() - startedMs;
  const attempts = await troupe.listAttempts(job.id);
  const latencyMs = (a: Attempt) => Date.parse(a.endedAt ?? '') - Date.parse(a.startedAt);
  const failed = attempts.filter((a) => a.status === 'failed');
  const typicalLatencyMs = troupe.deps.providers.typicalLatencyMs(PROVIDER, {});
  return {
    isReachedN: done.completedImages >= cell.n,
    attempts: done.currentAttempt,
    wallMs,
    budget: job.maxAttempts,
    forecastP: job.forecast?.pReachN ?? Number.NaN,
    forecastAttempts: job.forecast?.expectedAttempts ?? Number.NaN,
    forecastWallRounds: (job.forecast?.expectedWallMs ?? Number.NaN) / typicalLatencyMs,
    plannedP: job.forecast?.successRate ?? Number.NaN,
    successLatenciesMs: attempts.filter((a) => a.status === 'succeeded').map(latencyMs),
    failureLatenciesMs: failed.map(latencyMs),
    canceled: attempts.filter((a) => a.status === 'canceled').length,
    unscriptedFailures: failed.filter((a) => a.failureCode !== 'PA').length,
  };
}

const BASE_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="256" height="320">
  <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#f4a"/><stop offset="1" stop-color="#3af"/></linearGradient></defs>
  <rect width="256" height="320" fill="url(#g)"/><circle cx="128" cy="120" r="60" fill="#fc9"/>
  <circle cx="108" cy="112" r="7" fill="#235"/><circle cx="148" cy="112" r="7" fill="#235"/>
  <path d="M100 148 Q128 168 156 148" stroke="#a33" stroke-width="4" fill="none"/>
  <rect x="68" y="192" width="120" height="128" rx="24" fill="#2a7"/></svg>`;
