// The JSON shapes of Troupe's HTTP API (src/interfaces/http), as the browser receives them.

export const IMAGE_TYPES = ['photorealistic', 'bw_stylized', 'color_stylized'] as const;
export type ImageType = (typeof IMAGE_TYPES)[number];
export type TypeCounts = Record<ImageType, number>;

export const JOB_STATUSES = ['queued', 'processing', 'completed', 'canceled', 'failed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export type AttemptStatus = 'pending' | 'running' | 'storing' | 'succeeded' | 'failed' | 'canceled';

export interface ServerConfig {
  providers: string[];
  defaultProvider: string;
  scenarios: string[];
  defaultScenario: string;
  priceUsd: number;
  defaultConcurrency: number;
  maxConcurrency: number;
  maxImagesPerJob: number;
}

export type LaunchMode = 'fast' | 'thrifty';

/** The odds of a planned job: stated before it starts, and kept with it. */
export interface Odds {
  /** The estimated success rate of one attempt, 0-1 (the odds are over its whole uncertainty). */
  successRate: number;
  /** P(reach the requested images within the caps), 0-1. */
  pReachN: number;
  /** The most attempts the job may start, and what they cost: a job meeting a lower rate goes on up to it. */
  ceilingAttempts: number | null;
  ceilingCostUsd: number | null;
  expectedAttempts: number;
  attemptsP05: number;
  attemptsP95: number;
  /** If every attempt is billed. */
  expectedCostUsd: number;
  costRangeUsd: { p05: number; p95: number };
  expectedWallSeconds: number;
  wallP95Seconds: number;
  method: 'exact' | 'simulation';
}

export interface Job {
  id: string;
  actorId: string;
  status: JobStatus;
  /** Completed with fewer images than requested (a job that kept none is failed). */
  partial: boolean;
  requestedImages: number;
  typeTargets: TypeCounts;
  maxAttempts: number;
  concurrency: number;
  mode: LaunchMode | 'seed';
  earlyStopBelow: number;
  forecast: Odds | null;
  costCapUsd: number | null;
  priceUsd: number;
  provider: string;
  providerOptions: Record<string, string>;
  /** Attempts started so far. */
  currentAttempt: number;
  /** Attempts that have ended; the success rate is over these. */
  finishedAttempts: number;
  completedImages: number;
  /** Percent with one decimal, over finished attempts: 66.7. */
  successRate: number;
  /** Every prediction billed, kept or not. */
  spendUsd: number;
  /** spendUsd by what it bought. */
  spendSplit: { keptUsd: number; sparesUsd: number; discardedUsd: number };
  finishReason: string | null;
  isCancelRequested: boolean;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface Attempt {
  id: string;
  jobId: string;
  number: number;
  status: AttemptStatus;
  promptId: string;
  prompt: string;
  type: ImageType;
  seed: number;
  failureClass: string | null;
  failureCode: string | null;
  message: string | null;
  costUsd: number;
  imageId: string | null;
  startedAt: string;
  endedAt: string | null;
}

export interface ActorSummary {
  id: string;
  name: string;
  descriptor: string;
  createdAt: string;
  baseImageUrl: string;
  imageCount: number;
  countsByType: TypeCounts;
  lastJob: Job | null;
}

export interface ActorImage {
  id: string;
  fileName: string;
  number: number | null;
  type: ImageType | null;
  prompt: string | null;
  promptId: string | null;
  generatedAt: string;
  generatedBy: string;
  jobId: string | null;
  width: number;
  height: number;
  sizeBytes: number;
  url: string;
  thumbnailUrl: string;
}

export type ImageSort = 'number' | '-number';

/** The body of POST /api/jobs and /api/jobs/preview: give `count` or `types`, the rest falls back to defaults. */
export interface JobRequest {
  actorId: string;
  count?: number;
  types?: string;
  maxAttempts?: number;
  costCapUsd?: number;
  concurrency?: number;
  /** fast (default), thrifty, or seed (one at a time, max attempts min(2N+3, 25)). */
  mode?: LaunchMode | 'seed';
  provider?: string;
  scenario?: string;
}

export interface JobPreview {
  actorId: string;
  requestedImages: number;
  typeTargets: TypeCounts;
  maxAttempts: number;
  /** The seed's cap, min(2N+3, 25), for comparison. */
  defaultMaxAttempts: number;
  concurrency: number;
  mode: LaunchMode | 'seed';
  earlyStopBelow: number;
  odds: Odds;
  expectedSuccessRate: number;
  /** Attempts the success rate was learned from; 0: a typical rate. */
  observedAttempts: number;
  /** Prompt ids retired for this actor: the filter refused them again and again. */
  retiredPrompts: string[];
  provider: string;
  providerOptions: Record<string, string>;
  priceUsd: number;
  costCapUsd: number | null;
  estimatedCostUsd: { min: number; max: number };
  /** Why the server refuses to start this plan (odds below the early-stop threshold already); null when it starts. */
  lowOddsReason: string | null;
}

/** The body of POST /api/actors/{id}/balance/plan and /execute; everything is optional. */
export interface BalanceRequest {
  /** `photorealistic=15,bw_stylized=8,color_stylized=7` or a total (`40`); omitted: the set's size split 15/11/9. */
  target?: string;
  maxDelete?: number;
  isDeleting?: boolean;
  provider?: string;
  scenario?: string;
  concurrency?: number;
}

export interface BalanceDeletion {
  imageId: string;
  file: string;
  type: string | null;
  reasons: { kind: string; text: string; duplicateOf?: string }[];
}

export type TypeCountsWithUnknown = TypeCounts & { unknown: number };

/** What balancing would do (a dry run): counts per type, the deletions and the top-up with its expected cost. */
export interface BalancePlan {
  actorId: string;
  /** Images decoded for this plan; the rest of the set's measurements came from the cache. */
  measuredNow: number;
  /** Per type; null: the target leaves that type as it is. */
  target: Record<ImageType, number | null>;
  /** Images still to come from jobs running for the actor, counted before generating. */
  incoming: TypeCounts;
  runningJobIds: string[];
  before: TypeCountsWithUnknown;
  after: TypeCountsWithUnknown;
  deletions: BalanceDeletion[];
  /** File names with problems that were kept because of maxDelete or isDeleting: false. */
  keptDespiteDefects: string[];
  generate: TypeCounts;
  provider: string;
  /** 0 to 1. */
  expectedSuccessRate: number;
  attemptsPerImage: number;
  estimatedCostUsd: number;
  isBalanced: boolean;
}

/** The answer to an execute: the deletions are done and the top-up job (if any) is queued. */
export interface BalanceExecution {
  plan: BalancePlan;
  log: string[];
  job: Job | null;
}

export type AuditFindingKind =
  | 'missing_file'
  | 'disk_mismatch'
  | 'missing_object'
  | 'object_mismatch'
  | 'orphan_file'
  | 'orphan_object'
  | 'missing_manifest_entry'
  | 'stale_manifest_entry'
  | 'manifest_outdated'
  | 'manifest_unreadable';

/** What a repair does: copy from S3 to disk, from disk to S3, or rewrite the manifest from the database. */
export type RepairKind = 'download' | 'upload' | 'rewrite_manifest';

export interface AuditFinding {
  kind: AuditFindingKind;
  /** The image file, or the manifest file for manifest findings. */
  fileName: string;
  problem: string;
  /** What a repair would do about it; null when a repair leaves it. */
  repair: RepairKind | null;
  /** Why a repair leaves it, and what to do instead. */
  leftBecause: string | null;
}

/** The database (the truth), the manifest, the disk and the S3 mirror compared for one actor. */
export interface ActorAudit {
  actorId: string;
  isHealthy: boolean;
  counts: {
    rows: number;
    /** Null when the manifest cannot be read. */
    manifestEntries: number | null;
    diskFiles: number;
    /** Null when no S3 mirror is configured. */
    s3Objects: number | null;
  };
  findings: AuditFinding[];
}

export interface AuditRepair {
  before: ActorAudit;
  applied: { kind: RepairKind; fileName: string }[];
  failed: { kind: RepairKind; fileName: string; reason: string }[];
  /** A fresh audit after the repair. */
  after: ActorAudit;
}

export interface HealthReport {
  ok: boolean;
  checks: { name: string; ok: boolean; detail: string }[];
}

export interface SyncResult {
  uploaded: number;
  /** Images still not in the S3 mirror. */
  pending: number;
  /** Why the last upload failed, when any did. */
  reason: string | null;
}

export function isActiveJob(job: Pick<Job, 'status'>): boolean {
  return job.status === 'queued' || job.status === 'processing';
}
