import path from 'node:path';
import type { Kysely } from 'kysely';
import { DEFAULT_ENGINE_SETTINGS, type AppDeps, type EngineSettings } from '../app/app-deps.js';
import type { Clock, EventLog, FaceAnalyzer, Random } from '../app/ports.js';
import { LoggedEventBus } from '../app/events/logged-event-bus.js';
import { Troupe } from '../app/troupe.js';
import type { S3Config, TroupeConfig } from '../config/load-config.js';
import { SystemClock } from '../adapters/clock/system-clock.js';
import { KyselyActorRepo } from '../adapters/db/kysely-actor-repo.js';
import { KyselyBalanceRunRepo } from '../adapters/db/kysely-balance-run-repo.js';
import { KyselyPromptResetRepo } from '../adapters/db/kysely-prompt-reset-repo.js';
import { KyselyAttemptRepo } from '../adapters/db/kysely-attempt-repo.js';
import { KyselyOutcomeCountRepo } from '../adapters/db/kysely-outcome-count-repo.js';
import { KyselyImageRepo } from '../adapters/db/kysely-image-repo.js';
import { KyselyJobRepo } from '../adapters/db/kysely-job-repo.js';
import { KyselySuccessRecorder } from '../adapters/db/kysely-success-recorder.js';
import { KyselyFileNumberMarks } from '../adapters/db/kysely-file-number-marks.js';
import { KyselyMeasurementCache } from '../adapters/db/kysely-measurement-cache.js';
import { KyselyFaceAnalysisCache } from '../adapters/db/kysely-face-analysis-cache.js';
import { KyselyFaceReferenceRepo } from '../adapters/db/kysely-face-reference-repo.js';
import { KyselyOffModelRepo } from '../adapters/db/kysely-off-model-repo.js';
import { KyselyCaptionRepo } from '../adapters/db/kysely-caption-repo.js';
import { KyselyPinRepo } from '../adapters/db/kysely-pin-repo.js';
import type { TroupeDatabase } from '../adapters/db/schema.js';
import { openSqliteDatabase } from '../adapters/db/sqlite-database.js';
import { KyselyEventLog } from '../adapters/events/kysely-event-log.js';
import { TimeSortableIds } from '../adapters/ids/time-sortable-ids.js';
import { createPinoLogger, silentLogger } from '../adapters/logging/pino-logger.js';
import { JsonPromptLibraryLoader } from '../adapters/prompts/json-prompt-library-loader.js';
import { SeededRandom } from '../adapters/random/seeded-random.js';
import { JsonManifestStore } from '../adapters/storage/json-manifest-store.js';
import { ensureDataDirectory } from '../adapters/storage/data-directory.js';
import { LocalBlobStore } from '../adapters/storage/local-blob-store.js';
import { LocalUserFiles } from '../adapters/storage/local-user-files.js';
import type { S3Settings } from '../adapters/storage/s3/s3-settings.js';
import { OsProcessProbe } from '../adapters/process/os-process-probe.js';
import { formatLeaseOwner } from '../domain/generation/lease-owner.js';
import {
  lazyExportFitter,
  lazyExportTargets,
  lazyFaceAnalyzer,
  lazyImageAnalyzer,
  lazyImageInspector,
} from './lazy-adapters.js';
import { ConfiguredProviderFactory } from './provider-factory.js';

/** Test seams: a fake clock, seeded randomness, shorter engine timings, no log file. */
export interface OpenOverrides {
  readonly clock?: Clock;
  readonly random?: Random;
  readonly settings?: Partial<EngineSettings>;
  readonly isLogging?: boolean;
  readonly fetch?: typeof fetch;
  /** A face analyzer to use instead of the process's shared worker thread. */
  readonly faces?: FaceAnalyzer;
}

export interface OpenedTroupe {
  readonly troupe: Troupe;
  /** Identifies this process when it claims a job. */
  readonly owner: string;
  /** Every event any process published, as rows: what a server tails. */
  readonly eventLog: EventLog;
  /** This process's events; each is also appended to `eventLog`. */
  readonly bus: LoggedEventBus;
  close(): Promise<void>;
}

/** The composition root: builds every adapter from configuration and hands them to the app. */
export async function openTroupe(config: TroupeConfig, overrides: OpenOverrides = {}): Promise<OpenedTroupe> {
  const dataDir = path.resolve(config.dataDir);
  await ensureDataDirectory(dataDir);
  const db: Kysely<TroupeDatabase> = await openSqliteDatabase(path.join(dataDir, 'troupe.db'));
  const clock = overrides.clock ?? new SystemClock();
  const random = overrides.random ?? new SeededRandom();
  const blobs = new LocalBlobStore(dataDir);
  // The AWS SDK takes about half a second to load: only a configured mirror pays for it.
  const mirror =
    config.s3 === null
      ? null
      : new (await import('../adapters/storage/s3/s3-blob-store.js')).S3BlobStore(toS3Settings(config.s3));
  const logger =
    overrides.isLogging === false
      ? silentLogger
      : createPinoLogger(path.join(dataDir, 'logs', 'troupe.log'), config.logLevel);
  const processes = new OsProcessProbe();
  const eventLog = new KyselyEventLog(db);
  const bus = new LoggedEventBus(eventLog, clock, logger);
  const deps: AppDeps = {
    clock,
    random,
    ids: new TimeSortableIds(clock, random),
    actors: new KyselyActorRepo(db),
    images: new KyselyImageRepo(db),
    jobs: new KyselyJobRepo(db),
    attempts: new KyselyAttemptRepo(db),
    successes: new KyselySuccessRecorder(db),
    fileNumbers: new KyselyFileNumberMarks(db),
    outcomeCounts: new KyselyOutcomeCountRepo(db),
    blobs,
    mirror,
    manifests: new JsonManifestStore(path.join(dataDir, 'actor_manifests')),
    inspector: lazyImageInspector(),
    providers: new ConfiguredProviderFactory({
      clock,
      blobs,
      sim: config.sim,
      replicate: config.replicate,
      fetch: overrides.fetch,
    }),
    prompts: new JsonPromptLibraryLoader(),
    userFiles: new LocalUserFiles(),
    events: bus,
    logger,
    analyzer: lazyImageAnalyzer(),
    measurementCache: new KyselyMeasurementCache(db),
    faces: overrides.faces ?? lazyFaceAnalyzer(),
    faceCache: new KyselyFaceAnalysisCache(db),
    faceReferences: new KyselyFaceReferenceRepo(db),
    offModel: new KyselyOffModelRepo(db),
    captions: new KyselyCaptionRepo(db),
    pins: new KyselyPinRepo(db),
    exportFitter: lazyExportFitter(),
    exportTargets: lazyExportTargets(),
    processes,
    balanceRuns: new KyselyBalanceRunRepo(db),
    promptResets: new KyselyPromptResetRepo(db),
  };
  const settings: EngineSettings = {
    ...DEFAULT_ENGINE_SETTINGS,
    dataDirLabel: path.basename(dataDir),
    ...overrides.settings,
  };
  const troupe = new Troupe(deps, settings, {
    provider: config.provider,
    providerOptions: config.provider === 'sim' ? { scenario: config.sim.scenario } : {},
    concurrency: config.concurrency,
    priceUsd: config.priceUsd,
    promptsPath: config.promptsPath === null ? null : path.resolve(config.promptsPath),
  });
  const owner = formatLeaseOwner({
    host: processes.hostName,
    pid: processes.pid,
    nonce: random.int(36 ** 4).toString(36),
  });
  const close = async () => {
    await bus.flush();
    await db.destroy();
  };
  return { troupe, owner, eventLog, bus, close };
}

function toS3Settings(config: S3Config): S3Settings {
  return {
    bucket: config.bucket,
    prefix: config.prefix,
    region: config.region,
    forcePathStyle: config.forcePathStyle,
    ...(config.endpoint === undefined ? {} : { endpoint: config.endpoint }),
    // A fresh object: the AWS SDK annotates the credentials it is given, and the config is frozen.
    ...(config.credentials === undefined ? {} : { credentials: { ...config.credentials } }),
  };
}
