// One generation job as a new user's first: a fresh data directory, the product's defaults (configuration, policy,
// budget, concurrency, polling, logging), the replicate provider pointed at the fake Replicate, nothing preset.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { loadConfig } from '../src/config/load-config.js';
import { openTroupe } from '../src/main/open-troupe.js';
import { meterLocalWork, type LocalWork } from './local-work-meter.js';

export interface FreshJobRequest {
  readonly baseUrl: string;
  readonly n: number;
  /** Omitted: the product's default. */
  readonly concurrency?: number;
  /** The account's create pace (REPLICATE_CREATES_PER_MINUTE); omitted: the product's default. */
  readonly createsPerMinute?: number;
}

export interface FreshJobResult {
  readonly n: number;
  readonly isReachedN: boolean;
  readonly images: number;
  /** Attempts started, canceled spares included. */
  readonly attempts: number;
  readonly spendMicroUsd: number;
  /** What the job stated before the start. */
  readonly stated: {
    readonly pReachN: number;
    readonly ceilingAttempts: number;
    readonly ceilingCostMicroUsd: number;
    readonly expectedAttempts: number;
    readonly expectedCostMicroUsd: number;
    readonly successRate: number;
  };
  readonly concurrency: number;
  readonly maxAttempts: number;
  /** Opening the data directory (database, migrations) and adding the actor. */
  readonly setupMs: number;
  /** createJob: validation, odds and the provider preflight (token, model). */
  readonly createMs: number;
  /** runJob called to its first attempt recorded (claim, session, base image, estimates, prompts). */
  readonly startupMs: number;
  /** runJob called to the job's end. */
  readonly wallMs: number;
  readonly localWork: LocalWork;
}

const ACTOR_ID = '0001_bench_actor';

export async function runFreshInstallJob(request: FreshJobRequest): Promise<FreshJobResult> {
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'troupe-first-job-'));
  try {
    const setupStarted = performance.now();
    const config = loadConfig({
      TROUPE_DATA_DIR: path.join(workDir, 'data'),
      TROUPE_PROVIDER: 'replicate',
      REPLICATE_API_TOKEN: 'test-token',
      REPLICATE_API_BASE_URL: request.baseUrl,
      ...(request.createsPerMinute === undefined
        ? {}
        : { REPLICATE_CREATES_PER_MINUTE: String(request.createsPerMinute) }),
    });
    const opened = await openTroupe(config);
    try {
      const { troupe } = opened;
      const basePath = path.join(workDir, 'portrait.jpg');
      await sharp(Buffer.from(PORTRAIT_SVG)).jpeg({ quality: 85 }).toFile(basePath);
      await troupe.addActorFromFile({ id: ACTOR_ID, baseImagePath: basePath, descriptor: 'woman' });
      const setupMs = performance.now() - setupStarted;
      const createStarted = performance.now();
      const job = await troupe.createJob({
        actorId: ACTOR_ID,
        count: request.n,
        ...(request.concurrency === undefined ? {} : { concurrency: request.concurrency }),
      });
      const createMs = performance.now() - createStarted;
      const localWork = meterLocalWork(troupe, job.provider);
      const runStartedEpochMs = Date.now();
      const runStarted = performance.now();
      const done = await troupe.runJob(job.id, { owner: opened.owner });
      const wallMs = performance.now() - runStarted;
      const attempts = await troupe.listAttempts(job.id);
      const firstStartMs = Math.min(...attempts.map((a) => Date.parse(a.startedAt)));
      const forecast = job.forecast!;
      return {
        n: request.n,
        isReachedN: done.completedImages >= request.n,
        images: done.completedImages,
        attempts: done.currentAttempt,
        spendMicroUsd: done.spendMicroUsd,
        stated: {
          pReachN: forecast.pReachN,
          ceilingAttempts: forecast.ceilingAttempts ?? job.maxAttempts,
          ceilingCostMicroUsd: forecast.ceilingCostMicroUsd ?? job.maxAttempts * job.priceMicroUsd,
          expectedAttempts: forecast.expectedAttempts,
          expectedCostMicroUsd: forecast.expectedCostMicroUsd,
          successRate: forecast.successRate,
        },
        concurrency: job.concurrency,
        maxAttempts: job.maxAttempts,
        setupMs,
        createMs,
        startupMs: Number.isFinite(firstStartMs) ? Math.max(0, firstStartMs - runStartedEpochMs) : wallMs,
        wallMs,
        localWork,
      };
    } finally {
      await opened.close();
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/** A synthetic portrait (the product's base images must be real pictures of at least 256 px). */
const PORTRAIT_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="384" height="480">
  <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#f4a"/><stop offset="1" stop-color="#3af"/></linearGradient></defs>
  <rect width="384" height="480" fill="url(#g)"/><circle cx="192" cy="180" r="90" fill="#fc9"/>
  <circle cx="162" cy="168" r="10" fill="#235"/><circle cx="222" cy="168" r="10" fill="#235"/>
  <path d="M150 222 Q192 252 234 222" stroke="#a33" stroke-width="6" fill="none"/>
  <rect x="102" y="288" width="180" height="192" rx="36" fill="#2a7"/></svg>`;
