import type { Generated } from 'kysely';

/** Row shapes of Troupe's tables, as Kysely sees them. Only db/ adapters use these; the app sees domain types. */
export interface ActorsTable {
  id: string;
  name: string;
  descriptor: string;
  manifest_prefix: string;
  base_image_path: string;
  created_at: string;
  /** Null: the default trigger word made from the id. */
  trigger_word: string | null;
}

export interface ImagesTable {
  id: string;
  actor_id: string;
  file_name: string;
  number: number | null;
  type: string | null;
  prompt: string | null;
  prompt_id: string | null;
  s3_url: string | null;
  generated_at: string;
  generated_by: string;
  job_id: string | null;
  attempt_id: string | null;
  width: number;
  height: number;
  size_bytes: number;
  sha256: string;
}

export interface GenerationJobsTable {
  id: string;
  actor_id: string;
  status: string;
  requested_images: number;
  /** JSON: {"photorealistic": 5, ...} */
  type_targets: string;
  max_attempts: number;
  concurrency: number;
  mode: string;
  early_stop_below: number;
  /** JSON: the StatedOdds told before the start, or null. */
  forecast: string | null;
  cost_cap_micro_usd: number | null;
  price_micro_usd: number;
  provider: string;
  /** JSON object of strings. */
  provider_options: string;
  generated_by: string;
  prompts_path: string | null;
  current_attempt: number;
  completed_images: number;
  finished_attempts: number;
  success_rate_permille: number;
  spend_micro_usd: number;
  /** spend_micro_usd by what it bought (0008): kept images, spares not kept, discarded or expired outputs. */
  spend_kept_micro_usd: number;
  spend_spares_micro_usd: number;
  spend_discarded_micro_usd: number;
  finish_reason: string | null;
  is_cancel_requested: number;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  lease_owner: string | null;
  lease_until: string | null;
  /** 1: outputs showing another person's face are failed attempts (off_model). */
  identity_gate: number;
}

/** What past attempts taught about a subject's success rate: a provider/model, or one prompt on it. */
export interface OutcomeCountsTable {
  subject: string;
  successes: number;
  failures: number;
}

export interface AttemptsTable {
  id: string;
  job_id: string;
  number: number;
  status: string;
  prompt_id: string;
  prompt: string;
  type: string;
  seed: number;
  provider_run_id: string | null;
  output_url: string | null;
  failure_class: string | null;
  failure_code: string | null;
  message: string | null;
  cost_micro_usd: number;
  image_id: string | null;
  started_at: string;
  ended_at: string | null;
}

/** Per actor, the largest image number ever seen: new numbers start above it and it never goes down. */
export interface FileNumberMarksTable {
  actor_id: string;
  high_water: number;
}

export interface ImageMeasurementsTable {
  sha256: string;
  version: number;
  /** JSON of ImageMeasurements. */
  measurements: string;
}

export interface FaceMeasurementsTable {
  sha256: string;
  version: number;
  /** JSON of FaceAnalysis. */
  analysis: string;
}

export interface FaceReferencesTable {
  id: string;
  actor_id: string;
  source: string;
  image_key: string;
  sha256: string;
  /** JSON of FaceBox. */
  box: string;
  /** JSON array of 128 numbers. */
  descriptor: string;
  created_at: string;
}

export interface OffModelImagesTable {
  id: string;
  actor_id: string;
  job_id: string;
  attempt_id: string;
  type: string;
  prompt: string;
  prompt_id: string;
  file_key: string;
  sha256: string;
  width: number;
  height: number;
  size_bytes: number;
  distance: number;
  created_at: string;
}

/** An image's caption body (without trigger and class) and where it came from. */
export interface CaptionsTable {
  image_id: string;
  actor_id: string;
  body: string;
  source: string;
  updated_at: string;
}

/** Images the user chose to keep: the balancer never deletes them. */
export interface ImagePinsTable {
  image_id: string;
  actor_id: string;
  pinned_at: string;
}

/** One progress event; `id` increases with every insert, from any process. */
export interface EventsTable {
  id: Generated<number>;
  created_at: string;
  actor_id: string;
  job_id: string | null;
  type: string;
  /** JSON of the TroupeEvent. */
  payload: string;
}

/** One balance execute: its plan and each step's outcome, as JSON. */
export interface BalanceRunsTable {
  id: string;
  actor_id: string;
  status: string;
  started_at: string;
  finished_at: string | null;
  plan: string;
  steps: string;
  job_id: string | null;
}

/** When an actor's retired prompts were given back, per estimate subject (`*`: every provider). */
export interface PromptResetsTable {
  actor_id: string;
  subject: string;
  reset_at: string;
}

export interface TroupeDatabase {
  face_measurements: FaceMeasurementsTable;
  face_references: FaceReferencesTable;
  off_model_images: OffModelImagesTable;
  captions: CaptionsTable;
  image_pins: ImagePinsTable;
  image_measurements: ImageMeasurementsTable;
  actors: ActorsTable;
  images: ImagesTable;
  generation_jobs: GenerationJobsTable;
  attempts: AttemptsTable;
  outcome_counts: OutcomeCountsTable;
  events: EventsTable;
  balance_runs: BalanceRunsTable;
  prompt_resets: PromptResetsTable;
  file_number_marks: FileNumberMarksTable;
}
