/**
 * The interfaces the use cases need, in Troupe's own words. Adapters in src/adapters implement them; only
 * src/main chooses which. Every method states its contract, units and failure modes.
 */
import type { Actor } from '../domain/actors/actor.js';
import type { ActorId } from '../domain/actors/actor-id.js';
import type { Attempt, AttemptStatus } from '../domain/generation/attempt.js';
import type { ProviderFailure } from '../domain/generation/failure-class.js';
import type { GenerationJob, JobStatus } from '../domain/generation/job.js';
import type { ImageMetrics } from '../domain/images/image-acceptance.js';
import type { ImageRecord } from '../domain/images/image-record.js';
import type { Manifest } from '../domain/manifest/manifest.js';
import type { BetaEstimate, OutcomeCounts } from '../domain/policy/beta-estimate.js';
import type { ImageType } from '../domain/prompts/image-type.js';
import type { ImageMeasurements } from '../domain/evaluation/image-measurements.js';
import type { PromptLibrary } from '../domain/prompts/prompt-library.js';
import type { FaceAnalysis } from '../domain/identity/face-analysis.js';
import type { FaceReference, OffModelImage } from '../domain/identity/identity-records.js';
import type { StoredCaption } from '../domain/captions/stored-caption.js';
import type { ProcessView } from '../domain/generation/lease-owner.js';
import type { BalanceRun } from '../domain/balance/balance-run.js';

/** Time and waiting. Tests inject a fake whose time moves only when the test says so. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Resolves after `ms` milliseconds, or early (without rejecting) when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Randomness. Seeded in tests so every run makes the same choices. */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, maxExclusive). */
  int(maxExclusive: number): number;
}

export interface Ids {
  /** A new unique id with a readable prefix: `job_...`, `att_...`, `img_...`. Sortable by creation time. */
  next(prefix: 'job' | 'att' | 'img' | 'bal' | 'ref' | 'off'): string;
}

// ---------------------------------------------------------------- image provider

export interface RunRequest {
  readonly actorId: ActorId;
  readonly prompt: string;
  readonly promptId: string;
  readonly imageType: ImageType;
  /** uint32, chosen before the call and stored with the attempt so a run can be matched and reproduced. */
  readonly seed: number;
  /** The actor's base image, JPEG. */
  readonly baseImage: Uint8Array;
  /** Troupe's attempt id: providers that can tag a run with it do, so a run is traceable to its row. */
  readonly attemptId: string;
}

export type RunStatus = 'starting' | 'processing' | 'succeeded' | 'failed' | 'canceled' | 'aborted';

export function isFinalRunStatus(status: RunStatus): boolean {
  return status === 'succeeded' || status === 'failed' || status === 'canceled' || status === 'aborted';
}

export interface RunState {
  readonly runId: string;
  readonly status: RunStatus;
  /** Where to fetch the image from once succeeded. */
  readonly outputUrl: string | null;
  /** The provider's error text for failed runs (e.g. "... (E005)"). */
  readonly error: string | null;
}

/**
 * Something that turns a prompt and a base image into an image, slowly and unreliably. Methods throw
 * `ProviderCallError` for call failures (network, HTTP status); a run that fails is a `RunState`, not a throw.
 */
export interface ImageProvider {
  readonly name: string;
  /** Starts a run. Each call may cost money: the caller records the attempt before calling. */
  start(request: RunRequest): Promise<RunState>;
  /** The run's current state. Safe to repeat; free. */
  get(runId: string): Promise<RunState>;
  /** Asks the provider to stop the run; a no-op for runs already final. */
  cancel(runId: string): Promise<void>;
  /** Downloads a succeeded run's output bytes. */
  fetchOutput(run: RunState): Promise<Uint8Array>;
  /**
   * Looks for a run this request already started (matched by seed and prompt) no earlier than `createdAfterMs`:
   * after a create call whose answer was lost, or for an attempt a stopped process never saw confirmed. Undefined
   * when there is none, or when the provider keeps no remote record (then starting again is safe).
   */
  findRun(request: RunRequest, createdAfterMs: number): Promise<RunState | undefined>;
  /**
   * Checks, for free, what would make every run fail (credentials, model) before a job is recorded. Throws
   * ProviderCallError (a fatal HTTP status, or a network error) when the provider cannot be used.
   */
  preflight(): Promise<void>;
  /** How long to wait between polls of a running run, in milliseconds. */
  readonly pollIntervalMs: number;
}

/** A provider call that failed: carries what classification needs. */
export class ProviderCallError extends Error {
  readonly failure: ProviderFailure;
  /** A create call that may have started a run anyway (timeout, reset, 5xx): reconcile before creating again. */
  readonly mayHaveStarted: boolean;
  constructor(failure: ProviderFailure, options?: { cause?: unknown; mayHaveStarted?: boolean }) {
    super(failure.message, { cause: options?.cause });
    this.name = 'ProviderCallError';
    this.failure = failure;
    this.mayHaveStarted = options?.mayHaveStarted ?? false;
  }
}

// ---------------------------------------------------------------- storage

/**
 * Bytes under string keys (`actors/{id}/training_data/{file}`): local disk by default, mirrored to S3 when configured.
 * Keys are relative, `/`-separated, and can never address anything outside the store.
 */
export interface BlobStore {
  /** Writes atomically: a reader sees the old bytes or the new ones, never part. Overwrites. */
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** The bytes, or undefined when there is no such key. */
  get(key: string): Promise<Uint8Array | undefined>;
  /** Renames within the store, atomically where the backend allows; overwrites the target. */
  move(fromKey: string, toKey: string): Promise<void>;
  /** Removes the key; succeeds when it is already gone. */
  delete(key: string): Promise<void>;
  /** Removes everything under the prefix folder; succeeds when there is nothing. */
  deleteTree(prefix: string): Promise<void>;
  /** File names directly under the prefix folder (not recursive); empty when the folder does not exist. */
  list(prefix: string): Promise<string[]>;
  exists(key: string): Promise<boolean>;
  /** Size and sha256 of the stored bytes, or undefined when there is no such key. */
  stat(key: string): Promise<BlobStat | undefined>;
}

export interface BlobStat {
  readonly sizeBytes: number;
  /** Hex sha256 of the stored bytes. */
  readonly sha256: string;
}

/**
 * The optional mirror of training images (S3): the same keys as the local store. Local disk stays the working copy;
 * the mirror is kept in step and may be down, so its callers must be ready for failures.
 */
export interface ImageMirror extends BlobStore {
  /** Where the mirror is, for messages: `s3://bucket/prefix`. */
  readonly description: string;
  /** The address recorded as an image's `s3_url`. */
  urlFor(key: string): string;
  /** True when the error means the mirror cannot be used now (down, credentials, bucket): keep the image pending. */
  isUnavailable(error: unknown): boolean;
  /** For `troupe doctor`: reachable, credentials valid, bucket present, writable. */
  checkAccess(): Promise<HealthReport>;
}

export interface HealthCheck {
  readonly name: string;
  readonly ok: boolean;
  /** What was found and, when it failed, what to fix. */
  readonly detail: string;
}

export interface HealthReport {
  readonly ok: boolean;
  readonly checks: readonly HealthCheck[];
}

/** Writes an actor's manifest JSON file (`actor_manifests/{prefix}_manifest.json`), atomically. */
export interface ManifestStore {
  write(fileName: string, manifest: Manifest): Promise<void>;
  /**
   * Calls `project` and writes what it returns (nothing when undefined) while holding the file's lock across
   * processes, so a projection made earlier can never land over one made later: readers never see the manifest go
   * back. Throws TroupeError STORAGE (retryable) when another live process holds the lock for a minute.
   */
  writeLatest(fileName: string, project: () => Promise<Manifest | undefined>): Promise<void>;
  read(fileName: string): Promise<unknown>;
}

// ---------------------------------------------------------------- images

export interface ImageInspector {
  /** Decodes and measures an image; throws TroupeError INVALID_IMAGE when it cannot be decoded. */
  inspect(bytes: Uint8Array): Promise<ImageMetrics>;
  /** Re-encodes as JPEG (auto-rotated, sRGB), capping the longest side at `maxSidePx`. */
  toJpeg(bytes: Uint8Array, maxSidePx: number): Promise<Uint8Array>;
  /** Hex sha256 of the bytes. */
  sha256(bytes: Uint8Array): string;
  /** A small JPEG for galleries: the image scaled to fit `sizePx` on its longest side. */
  thumbnail(bytes: Uint8Array, sizePx: number): Promise<Uint8Array>;
}

// ---------------------------------------------------------------- database

export interface ActorRepo {
  insert(actor: Actor): Promise<void>;
  update(id: ActorId, patch: Partial<Pick<Actor, 'name' | 'descriptor' | 'triggerWord'>>): Promise<void>;
  /** Deletes the actor and every row that belongs to it (images, jobs, attempts), in one transaction. */
  deleteWithEverything(id: ActorId): Promise<void>;
  get(id: ActorId): Promise<Actor | undefined>;
  list(): Promise<Actor[]>;
}

export interface ImageRepo {
  /**
   * Inserts an image under its own file name and number (import keeps names) and raises the actor's file-number mark
   * to it, in one transaction; the unique constraints apply.
   */
  insert(image: ImageRecord): Promise<void>;
  listByActor(actorId: ActorId): Promise<ImageRecord[]>;
  /** One page of an actor's images by number (images without one last), and how many match in all. */
  listPage(actorId: ActorId, query: ImagePageQuery): Promise<{ images: ImageRecord[]; total: number }>;
  /** Images per actor and type (null: untyped), for every actor or one, in one query. */
  countByType(actorId?: ActorId): Promise<ImageTypeCount[]>;
  get(id: string): Promise<ImageRecord | undefined>;
  delete(id: string): Promise<void>;
  getByAttempt(attemptId: string): Promise<ImageRecord | undefined>;
  /** Records where the image's mirror copy is (null: not uploaded, pending when a mirror is configured). */
  setS3Url(id: string, s3Url: string | null): Promise<void>;
}

export interface ImagePageQuery {
  readonly type?: ImageType;
  readonly isDescending: boolean;
  readonly offset: number;
  readonly limit: number;
}

export interface ImageTypeCount {
  readonly actorId: ActorId;
  readonly type: ImageType | null;
  readonly count: number;
}

export interface JobRepo {
  insert(job: GenerationJob): Promise<void>;
  get(id: string): Promise<GenerationJob | undefined>;
  list(filter?: { actorId?: ActorId; status?: JobStatus }): Promise<GenerationJob[]>;
  /** The newest job of each actor (or of one), in one query. */
  latestByActor(actorId?: ActorId): Promise<GenerationJob[]>;
  update(id: string, patch: Partial<Omit<GenerationJob, 'id' | 'actorId'>>): Promise<void>;
  /**
   * Claims the job for `owner` until `untilIso` if it has not ended and its claim is free, already ours, lapsed before
   * `nowIso`, or held by exactly `takeOverFrom` (an owner known to be gone). Returns whether the claim was taken.
   * Atomic, so two processes never run one job.
   */
  claim(id: string, owner: string, nowIso: string, untilIso: string, takeOverFrom?: string): Promise<boolean>;
  /** Gives the claim up, only if `owner` still holds it (a process that lost it never clears the new owner's). */
  release(id: string, owner: string): Promise<void>;
  /**
   * Like `update`, only while `owner` holds the claim; false (nothing written) when another process took it over.
   */
  updateAsOwner(id: string, owner: string, patch: Partial<Omit<GenerationJob, 'id' | 'actorId'>>): Promise<boolean>;
  /**
   * Asks the job to stop, in one conditional update: a job that has not ended gets the request, and one that is
   * queued and unclaimed ends `canceled` at once with `reason`. Returns the job as it is now, or undefined when it had
   * already ended (or does not exist).
   */
  requestCancel(id: string, nowIso: string, reason: string): Promise<GenerationJob | undefined>;
}

/** A content-filter refusal, as prompt retirement counts them: per prompt, on one provider/model, since a reset. */
export interface FilteredAttempt {
  readonly promptId: string;
  readonly provider: string;
  readonly providerOptions: Readonly<Record<string, string>>;
  /** When the refusal came (the attempt's end, else its start). */
  readonly atIso: string;
}

export interface AttemptRepo {
  insert(attempt: Attempt): Promise<void>;
  update(id: string, patch: Partial<Omit<Attempt, 'id' | 'jobId' | 'number'>>): Promise<void>;
  /** Inserts or updates only while `owner` holds the job's claim; false (nothing written) once another took it. */
  insertAsOwner(attempt: Attempt, owner: string): Promise<boolean>;
  updateAsOwner(id: string, owner: string, patch: Partial<Omit<Attempt, 'id' | 'jobId' | 'number'>>): Promise<boolean>;
  listByJob(jobId: string): Promise<Attempt[]>;
  countByStatus(jobId: string): Promise<Record<AttemptStatus, number>>;
  /**
   * Every content-filter refusal and off-model output over the actor's jobs, with the provider it happened on,
   * oldest first.
   */
  listFilteredByActor(actorId: ActorId): Promise<FilteredAttempt[]>;
}

/**
 * Records a finished success in one transaction: takes the actor's next number from its file-number mark (one atomic
 * counter update, see FileNumberMarks), inserts the image under `nameFor(number)` and marks the attempt succeeded.
 * Idempotent per attempt: a second call returns the first image.
 */
export interface SuccessRecorder {
  recordSuccess(input: {
    image: Omit<ImageRecord, 'number' | 'fileName'>;
    nameFor: (number: number) => string;
    attemptId: string;
    endedAt: string;
    costMicroUsd: number;
    /** When given, records only while this owner holds the job's claim; throws TroupeError JOB_CLAIMED otherwise. */
    owner?: string;
  }): Promise<ImageRecord>;
}

/**
 * Each actor's file-number high-water mark: the largest image number ever seen for it (kept, imported, skipped as
 * corrupt, listed by a manifest whose file is gone, found on disk or in S3, deleted since). It never goes down, so a
 * file name is never given to two different images; new numbers start above it. Outlives the actor's rows.
 */
export interface FileNumberMarks {
  /** The mark; 0 when no number was ever seen for the actor. */
  get(actorId: ActorId): Promise<number>;
  /** Raises the mark to `number` when it is lower (atomic; never lowers it). Ignores numbers below 1. */
  raise(actorId: ActorId, number: number): Promise<void>;
}

// ---------------------------------------------------------------- events

export type TroupeEvent =
  | { readonly type: 'job.updated'; readonly job: GenerationJob }
  | { readonly type: 'attempt.updated'; readonly jobId: string; readonly actorId: ActorId; readonly attempt: Attempt }
  /** The mirror failed while a job ran: said once, the job goes on with images pending upload. */
  | {
      readonly type: 'mirror.unavailable';
      readonly jobId: string;
      readonly actorId: ActorId;
      readonly message: string;
    }
  /** An image joined the actor's set (a job kept it). */
  | { readonly type: 'image.added'; readonly actorId: ActorId; readonly image: ImageRecord }
  /** An image left the actor's set (deleted in the UI, the API or by the balancer). */
  | {
      readonly type: 'image.deleted';
      readonly actorId: ActorId;
      readonly imageId: string;
      readonly imageType: ImageType | null;
    };

/**
 * Events of this process: handlers here hear them at once, and every event is also appended to the EventLog so
 * other processes (a server tailing it) hear them too.
 */
export interface EventBus {
  publish(event: TroupeEvent): void;
  /** Returns the unsubscribe function. Handlers must not throw. */
  subscribe(handler: (event: TroupeEvent) => void): () => void;
  /** Resolves once every event published so far is stored in the EventLog (call before closing the database). */
  flush(): Promise<void>;
}

export interface StoredEvent {
  /** Larger than the id of every event stored before it, by any process: the SSE Last-Event-ID. */
  readonly id: number;
  readonly event: TroupeEvent;
}

/**
 * Progress events as database rows, shared by every process on the database: the CLI, a server, workers. Readers
 * tail it by id; `wake` is how a notification (Redis, or an append in this process) makes them read at once
 * instead of at their next poll.
 */
export interface EventLog {
  /** Stores the event; resolves with its id. */
  append(event: TroupeEvent, atIso: string): Promise<number>;
  /**
   * Events with an id above `afterId`, oldest first, from at most `limit` rows, and the last id read (`afterId`
   * when none): rows of a type this version does not know are skipped but still move `lastId` on.
   */
  readAfter(afterId: number, limit: number): Promise<{ readonly events: StoredEvent[]; readonly lastId: number }>;
  /**
   * The smallest and largest ids kept (null and 0 when none is): a reader whose last id is below `oldestId - 1`
   * missed events that were trimmed; one whose last id is above `latestId` read another database (or everything
   * since was trimmed). Either way it needs a fresh snapshot.
   */
  bounds(): Promise<{ readonly oldestId: number | null; readonly latestId: number }>;
  /** Deletes the events stored before `beforeIso`; resolves with how many were deleted. */
  trimBefore(beforeIso: string): Promise<number>;
}

// ---------------------------------------------------------------- configuration-dependent parts

/** Builds the provider a job names, with the job's options (the sim's scenario), so resumed jobs run as they began. */
export interface ProviderFactory {
  /** Throws TroupeError INVALID_INPUT for an unknown provider or bad options, naming what is accepted. */
  create(name: string, options: Readonly<Record<string, string>>): ImageProvider;
  /** Checks options without building anything. */
  validate(name: string, options: Readonly<Record<string, string>>): void;
  /** The success rate to plan with before anything is learned: the sim's scenario, or a typical rate. */
  expectedSuccessRate(name: string, options: Readonly<Record<string, string>>): number;
  /**
   * What is believed about the success rate before anything is learned: centred on expectedSuccessRate, worth as many
   * attempts as that rate deserves trust (the sim's scenario is set, a real provider's typical rate only guessed).
   */
  successPrior(name: string, options: Readonly<Record<string, string>>): BetaEstimate;
  /** How long one generation usually takes, for wall-time forecasts. */
  typicalLatencyMs(name: string, options: Readonly<Record<string, string>>): number;
  /** Names what success estimates are learned for: the provider and its model (or the sim's scenario). */
  estimateSubject(name: string, options: Readonly<Record<string, string>>): string;
}

/**
 * What past attempts taught about success rates, shared by every job and process: one row of counts per subject (a
 * provider/model, or one prompt on it). Adding is atomic, so concurrent jobs never lose each other's counts.
 */
export interface OutcomeCountRepo {
  /** Counts per subject asked for; subjects never seen are absent. */
  read(subjects: readonly string[]): Promise<Map<string, OutcomeCounts>>;
  add(subject: string, counts: OutcomeCounts): Promise<void>;
}

/** Loads the prompt library: the built-in one (`path` null) or a user's JSON file. */
export interface PromptLibraryLoader {
  /** Throws TroupeError INVALID_PROMPTS naming every problem, or INVALID_INPUT when the file cannot be read. */
  load(path: string | null): Promise<PromptLibrary>;
}

/** Files the user points Troupe at (a base image to add). */
export interface UserFiles {
  /** Throws TroupeError INVALID_INPUT when the file is missing or unreadable, naming the path. */
  read(path: string, maxBytes: number): Promise<Uint8Array>;
}

/** Structured logs: one line per event, with job id and attempt number where there is one. Never secrets. */
export interface Logger {
  info(fields: Readonly<Record<string, unknown>>, message: string): void;
  warn(fields: Readonly<Record<string, unknown>>, message: string): void;
  error(fields: Readonly<Record<string, unknown>>, message: string): void;
}

/** Where `serve` sends jobs to run: in this process by default, a Redis queue at scale. */
export interface JobQueue {
  /** Schedules the job; resolves once it is accepted (not when it ends). */
  enqueue(jobId: string): Promise<void>;
  /** Stops taking jobs and waits for running ones to reach a resumable point. */
  close(): Promise<void>;
}

// ---------------------------------------------------------------- evaluation

/** Measures an image for the balancer in one decode; throws TroupeError INVALID_IMAGE for unreadable bytes. */
export interface ImageAnalyzer {
  analyze(bytes: Uint8Array): Promise<ImageMeasurements>;
}

/** Measurements by content hash: an unchanged file is never decoded twice. Entries of another version are misses. */
export interface MeasurementCache {
  get(sha256: string, version: number): Promise<ImageMeasurements | undefined>;
  put(sha256: string, version: number, measurements: ImageMeasurements): Promise<void>;
}

// ---------------------------------------------------------------- identity

/**
 * Finds faces in an image: boxes and scores, largest first, each with a 128-D descriptor. Runs off the caller's
 * thread; the first call in a process loads the models (about a second). Throws TroupeError INVALID_IMAGE for bytes
 * that do not decode.
 */
export interface FaceAnalyzer {
  analyze(bytes: Uint8Array): Promise<FaceAnalysis>;
}

/** Face analyses by content hash, beside the other measurements; entries of another version are misses. */
export interface FaceAnalysisCache {
  get(sha256: string, version: number): Promise<FaceAnalysis | undefined>;
  put(sha256: string, version: number, analysis: FaceAnalysis): Promise<void>;
}

/** The faces an actor's images are compared with: its base image's, and any the user added. */
export interface FaceReferenceRepo {
  /** Inserts a reference; a second reference with the same actor and sha256 is ignored. */
  insert(reference: FaceReference): Promise<void>;
  listByActor(actorId: ActorId): Promise<FaceReference[]>;
}

/** Outputs the identity gate set aside (another person's face): kept under the actor for review, not in the set. */
export interface OffModelRepo {
  insert(image: OffModelImage): Promise<void>;
  listByActor(actorId: ActorId): Promise<OffModelImage[]>;
  get(id: string): Promise<OffModelImage | undefined>;
  delete(id: string): Promise<void>;
}

// ---------------------------------------------------------------- captions, pins and export

export interface CaptionRepo {
  /** The actor's stored captions by image id; images without one are absent. */
  listByActor(actorId: ActorId): Promise<Map<string, StoredCaption>>;
  /** Inserts or replaces every caption given, in one transaction. */
  putMany(actorId: ActorId, captions: readonly StoredCaption[]): Promise<void>;
}

/** Images the user chose to keep. */
export interface PinRepo {
  listByActor(actorId: ActorId): Promise<Set<string>>;
  /** Pins or unpins the images; ones already in that state are left as they are. */
  setPinned(actorId: ActorId, imageIds: readonly string[], isPinned: boolean, atIso: string): Promise<void>;
}

export interface FittedImage {
  readonly bytes: Uint8Array;
  /** File extension for the bytes' format, without the dot: `jpg`, `png`, `webp`. */
  readonly extension: string;
  readonly width: number;
  readonly height: number;
  /** False when the bytes are the original's, untouched. */
  readonly isChanged: boolean;
}

/** Prepares an image for a trainer. Throws TroupeError INVALID_IMAGE for bytes it cannot decode. */
export interface ExportImageFitter {
  /**
   * Scales the image down so its longest side is at most `maxSidePx` (never up), centre-cropping it square first
   * when `isSquare`; returns the original bytes when neither changes anything.
   */
  fit(bytes: Uint8Array, options: { maxSidePx: number; isSquare: boolean }): Promise<FittedImage>;
}

/** An export being written: nothing appears at its target until `commit`. */
export interface ExportStaging {
  /** The absolute path the export will have once committed. */
  readonly targetPath: string;
  /** Adds a file under a relative `/`-separated path. */
  write(relativePath: string, bytes: Uint8Array): Promise<void>;
  /** Puts the export at its target in one rename, replacing what was there only when that was allowed. */
  commit(): Promise<void>;
  /** Removes what was written; the target stays as it was. Safe to call after a failed commit. */
  abort(): Promise<void>;
}

/** Where exports are written: a folder or one zip file, staged next to the target. */
export interface ExportTargets {
  /**
   * Starts an export to `target` (a path on this machine). Throws TroupeError INVALID_INPUT when the target exists
   * and `isReplacing` is false, and STORAGE when its parent folder cannot be written, naming the path; writes nothing
   * in either case.
   */
  open(target: string, container: 'folder' | 'zip', options: { isReplacing: boolean }): Promise<ExportStaging>;
}

// ---------------------------------------------------------------- processes

/**
 * This machine's host name and this process's id, and whether a process id is alive here: enough to take over at
 * once a job whose owner process (on this host) is gone.
 */
export type ProcessProbe = ProcessView;

// ---------------------------------------------------------------- balance runs and prompt resets

/** The record of balance executes: inserted when one starts, finished with every step's outcome. */
export interface BalanceRunRepo {
  insert(run: BalanceRun): Promise<void>;
  finish(id: string, patch: Pick<BalanceRun, 'status' | 'finishedAt' | 'steps' | 'jobId'>): Promise<void>;
  listByActor(actorId: ActorId): Promise<BalanceRun[]>;
}

/**
 * When an actor's retired prompts were given back (`troupe prompts reset`), per estimate subject; `*` stands for
 * every provider. Filter refusals before the latest reset that applies no longer retire a prompt.
 */
export interface PromptResetRepo {
  reset(actorId: ActorId, subject: string, atIso: string): Promise<void>;
  /** Reset times by subject (`*` included) for the actor; empty when never reset. */
  list(actorId: ActorId): Promise<Map<string, string>>;
}
