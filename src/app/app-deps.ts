import type {
  ActorRepo,
  AttemptRepo,
  BlobStore,
  Clock,
  EventBus,
  FileNumberMarks,
  ImageAnalyzer,
  MeasurementCache,
  OutcomeCountRepo,
  Ids,
  ImageInspector,
  ImageMirror,
  ImageRepo,
  JobRepo,
  Logger,
  ManifestStore,
  PromptLibraryLoader,
  ProviderFactory,
  Random,
  SuccessRecorder,
  UserFiles,
} from './ports.js';

/** Everything the use cases can ask for. Each use case declares the few it needs with `Pick<AppDeps, ...>`. */
export interface AppDeps {
  readonly clock: Clock;
  readonly random: Random;
  readonly ids: Ids;
  readonly actors: ActorRepo;
  readonly images: ImageRepo;
  readonly jobs: JobRepo;
  readonly attempts: AttemptRepo;
  readonly successes: SuccessRecorder;
  readonly fileNumbers: FileNumberMarks;
  readonly outcomeCounts: OutcomeCountRepo;
  readonly blobs: BlobStore;
  /** The S3 mirror of training images; null when S3_BUCKET is not set. */
  readonly mirror: ImageMirror | null;
  readonly manifests: ManifestStore;
  readonly inspector: ImageInspector;
  readonly providers: ProviderFactory;
  readonly prompts: PromptLibraryLoader;
  readonly userFiles: UserFiles;
  readonly events: EventBus;
  readonly logger: Logger;
  readonly analyzer: ImageAnalyzer;
  readonly measurementCache: MeasurementCache;
}

/** Tunables of the engine; defaults suit a real provider, tests shrink them. */
export interface EngineSettings {
  /** How the data dir is named in manifest paths ("data" gives the seed's `data/actors/...`). */
  readonly manifestPathRoot: string;
  /** How long a job's claim lasts without a heartbeat; a crashed process's job is resumable after it. */
  readonly leaseMs: number;
  /** How often the engine wakes to renew its claim and look for a cancel request from another process. */
  readonly heartbeatMs: number;
  /** A run still unfinished after this long is canceled and counted as a transient failure. */
  readonly runTimeoutMs: number;
  /** Consecutive failed status polls before an attempt is given up as a transient failure. */
  readonly maxPollErrors: number;
}

export const DEFAULT_ENGINE_SETTINGS: EngineSettings = {
  manifestPathRoot: 'data',
  leaseMs: 30_000,
  heartbeatMs: 2_000,
  runTimeoutMs: 10 * 60_000,
  maxPollErrors: 5,
};
