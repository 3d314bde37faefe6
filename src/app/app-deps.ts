import type {
  ActorRepo,
  AttemptRepo,
  BlobStore,
  Clock,
  EventBus,
  FaceAnalysisCache,
  FaceAnalyzer,
  FaceReferenceRepo,
  OffModelRepo,
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
  ProcessProbe,
  BalanceRunRepo,
  PromptResetRepo,
  ProviderFactory,
  Random,
  SuccessRecorder,
  UserFiles,
  CaptionRepo,
  PinRepo,
  ExportImageFitter,
  ExportTargets,
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
  /** Identity: faces and descriptors (a worker thread), cached by content; references; the gate's set-aside outputs. */
  readonly faces: FaceAnalyzer;
  readonly faceCache: FaceAnalysisCache;
  readonly faceReferences: FaceReferenceRepo;
  readonly offModel: OffModelRepo;
  readonly captions: CaptionRepo;
  readonly pins: PinRepo;
  readonly exportFitter: ExportImageFitter;
  readonly exportTargets: ExportTargets;
  readonly processes: ProcessProbe;
  readonly balanceRuns: BalanceRunRepo;
  readonly promptResets: PromptResetRepo;
}

/** Tunables of the engine; defaults suit a real provider, tests shrink them. */
export interface EngineSettings {
  /**
   * How the data dir is named in manifest paths: always the seed's `data/actors/...`, whatever the folder is called,
   * so a copied or renamed data dir stays consistent.
   */
  readonly manifestPathRoot: string;
  /** How messages name the data dir to the user (its folder name). */
  readonly dataDirLabel: string;
  /** How long a job's claim lasts without a heartbeat; a crashed process's job is resumable after it. */
  readonly leaseMs: number;
  /** How often the engine wakes to renew its claim. */
  readonly heartbeatMs: number;
  /** How often a running job reads its row for a cancel request from another process (the UI for a CLI job). */
  readonly cancelPollMs: number;
  /** A run still unfinished after this long is canceled and counted as a transient failure. */
  readonly runTimeoutMs: number;
  /**
   * How long after its Cancel-After deadline (`runTimeoutMs`) a run may still be heard of: polls that fail are
   * retried, and a lost create is looked for, until then.
   */
  readonly runMarginMs: number;
  /** How long the provider keeps a succeeded run's output (Replicate: one hour); downloads are retried within it. */
  readonly outputLifetimeMs: number;
  /** Downloads of one output before a damaged one is given up (paid for, not kept). */
  readonly downloadTries: number;
}

export const DEFAULT_ENGINE_SETTINGS: EngineSettings = {
  manifestPathRoot: 'data',
  dataDirLabel: 'data',
  leaseMs: 30_000,
  heartbeatMs: 2_000,
  cancelPollMs: 250,
  runTimeoutMs: 10 * 60_000,
  runMarginMs: 60_000,
  outputLifetimeMs: 60 * 60_000,
  downloadTries: 8,
};
