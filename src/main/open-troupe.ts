import { mkdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { DEFAULT_ENGINE_SETTINGS, type AppDeps, type EngineSettings } from '../app/app-deps.js';
import type { Clock, Random } from '../app/ports.js';
import { Troupe } from '../app/troupe.js';
import type { S3Config, TroupeConfig } from '../config/load-config.js';
import { TroupeError } from '../domain/errors/troupe-error.js';
import { SystemClock } from '../adapters/clock/system-clock.js';
import { KyselyActorRepo } from '../adapters/db/kysely-actor-repo.js';
import { KyselyAttemptRepo } from '../adapters/db/kysely-attempt-repo.js';
import { KyselyOutcomeCountRepo } from '../adapters/db/kysely-outcome-count-repo.js';
import { KyselyImageRepo } from '../adapters/db/kysely-image-repo.js';
import { KyselyJobRepo } from '../adapters/db/kysely-job-repo.js';
import { KyselySuccessRecorder } from '../adapters/db/kysely-success-recorder.js';
import { KyselyFileNumberMarks } from '../adapters/db/kysely-file-number-marks.js';
import { KyselyMeasurementCache } from '../adapters/db/kysely-measurement-cache.js';
import { SharpImageAnalyzer } from '../adapters/images/sharp-image-analyzer.js';
import type { TroupeDatabase } from '../adapters/db/schema.js';
import { openSqliteDatabase } from '../adapters/db/sqlite-database.js';
import { InMemoryEventBus } from '../adapters/events/in-memory-event-bus.js';
import { TimeSortableIds } from '../adapters/ids/time-sortable-ids.js';
import { SharpImageInspector } from '../adapters/images/sharp-image-inspector.js';
import { createPinoLogger, silentLogger } from '../adapters/logging/pino-logger.js';
import { JsonPromptLibraryLoader } from '../adapters/prompts/json-prompt-library-loader.js';
import { SeededRandom } from '../adapters/random/seeded-random.js';
import { JsonManifestStore } from '../adapters/storage/json-manifest-store.js';
import { LocalBlobStore } from '../adapters/storage/local-blob-store.js';
import { LocalUserFiles } from '../adapters/storage/local-user-files.js';
import { S3BlobStore } from '../adapters/storage/s3/s3-blob-store.js';
import type { S3Settings } from '../adapters/storage/s3/s3-settings.js';
import { ConfiguredProviderFactory } from './provider-factory.js';

/** Test seams: a fake clock, seeded randomness, shorter engine timings, no log file. */
export interface OpenOverrides {
  readonly clock?: Clock;
  readonly random?: Random;
  readonly settings?: Partial<EngineSettings>;
  readonly isLogging?: boolean;
  readonly fetch?: typeof fetch;
}

export interface OpenedTroupe {
  readonly troupe: Troupe;
  /** Identifies this process when it claims a job. */
  readonly owner: string;
  close(): Promise<void>;
}

/** The composition root: builds every adapter from configuration and hands them to the app. */
export async function openTroupe(config: TroupeConfig, overrides: OpenOverrides = {}): Promise<OpenedTroupe> {
  const dataDir = path.resolve(config.dataDir);
  await ensureDataDir(dataDir);
  const db: Kysely<TroupeDatabase> = await openSqliteDatabase(path.join(dataDir, 'troupe.db'));
  const clock = overrides.clock ?? new SystemClock();
  const random = overrides.random ?? new SeededRandom();
  const blobs = new LocalBlobStore(dataDir);
  const mirror = config.s3 === null ? null : new S3BlobStore(toS3Settings(config.s3));
  const logger =
    overrides.isLogging === false
      ? silentLogger
      : createPinoLogger(path.join(dataDir, 'logs', 'troupe.log'), config.logLevel);
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
    inspector: new SharpImageInspector(),
    providers: new ConfiguredProviderFactory({
      clock,
      blobs,
      sim: config.sim,
      replicate: config.replicate,
      fetch: overrides.fetch,
    }),
    prompts: new JsonPromptLibraryLoader(),
    userFiles: new LocalUserFiles(),
    events: new InMemoryEventBus(),
    logger,
    analyzer: new SharpImageAnalyzer(),
    measurementCache: new KyselyMeasurementCache(db),
  };
  const settings: EngineSettings = {
    ...DEFAULT_ENGINE_SETTINGS,
    manifestPathRoot: path.basename(dataDir),
    ...overrides.settings,
  };
  const troupe = new Troupe(deps, settings, {
    provider: config.provider,
    providerOptions: config.provider === 'sim' ? { scenario: config.sim.scenario } : {},
    concurrency: config.concurrency,
    priceUsd: config.priceUsd,
    promptsPath: config.promptsPath === null ? null : path.resolve(config.promptsPath),
  });
  const owner = `${hostname()}:${process.pid}:${random.int(36 ** 4).toString(36)}`;
  return { troupe, owner, close: () => db.destroy() };
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

async function ensureDataDir(dataDir: string): Promise<void> {
  try {
    await mkdir(dataDir, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    const why =
      code === 'EEXIST' || code === 'ENOTDIR'
        ? 'it is a file, not a folder'
        : code === 'EACCES'
          ? 'permission denied'
          : code;
    throw new TroupeError(
      'INVALID_CONFIG',
      `Cannot use data directory ${dataDir}: ${why}. Set TROUPE_DATA_DIR to a writable folder.`,
      { cause: error },
    );
  }
}
