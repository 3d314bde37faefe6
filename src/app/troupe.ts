import type { AppDeps, EngineSettings } from './app-deps.js';
import {
  addActor,
  MAX_BASE_IMAGE_BYTES,
  prepareBaseImage,
  type AddActorInput,
  type AddedActor,
} from './actors/add-actor.js';
import { addReferenceImage, identitySetup, type IdentitySetup } from './identity/face-references.js';
import { judgeSet, type JudgedSet } from './identity/judge-set.js';
import { discardOffModel, keepOffModel } from './identity/off-model-review.js';
import type { FaceReference, OffModelImage } from '../domain/identity/identity-records.js';
import { deleteActor } from './actors/delete-actor.js';
import { summarizeActors, type ActorSummary } from './actors/actor-summaries.js';
import { executeBalance, type ExecutedBalance, type GenerationOptions } from './balance/execute-balance.js';
import { planActorBalance, type BalanceRequest, type PlannedBalance } from './balance/plan-balance.js';
import { updateActor } from './actors/update-actor.js';
import { deleteImage, type DeletedImage } from './images/delete-image.js';
import { ImageMirroring, type SyncResult } from './mirror/image-mirroring.js';
import { auditActor, repairActor, type ActorAudit, type RepairedActor } from './audit/audit-actor.js';
import { runDoctor } from './health/run-doctor.js';
import type { HealthReport } from './ports.js';
import { cancelJob } from './generation/cancel-job.js';
import {
  createGenerationJob,
  previewGenerationJob,
  type GenerationPreview,
  type GenerationRequest,
} from './generation/create-job.js';
import { JobRunner, type RunOptions } from './generation/job-runner.js';
import { loadProviderEstimate } from './generation/success-estimates.js';
import { resetRetiredPrompts, type PromptReset, type PromptResetRequest } from './generation/reset-prompts.js';
import { importSeedFolder } from './import/import-seed-folder.js';
import type { ImportReport } from './import/import-report.js';
import type { ImportSource } from './import/import-source.js';
import { ManifestWriter } from './manifest/manifest-writer.js';
import type { Actor } from '../domain/actors/actor.js';
import type { BalanceRun } from '../domain/balance/balance-run.js';
import { manifestFileName, parseActorId, type ActorId } from '../domain/actors/actor-id.js';
import { TroupeError } from '../domain/errors/troupe-error.js';
import type { Attempt } from '../domain/generation/attempt.js';
import type { GenerationJob, JobStatus } from '../domain/generation/job.js';
import type { ImageRecord } from '../domain/images/image-record.js';
import type { StoredCaption } from '../domain/captions/stored-caption.js';
import { ensureCaptions } from './captions/ensure-captions.js';
import { replaceInCaptions, setCaption } from './captions/edit-captions.js';
import { exportDataset } from './export/export-dataset.js';
import type { ExportResult } from './export/export-result.js';
import type { ExportRequest } from './export/export-request.js';
import { setImagesPinned } from './images/pin-images.js';
import { mean } from '../domain/policy/beta-estimate.js';

/** What a generation request falls back to when the caller says nothing: from configuration. */
export interface GenerationDefaults {
  readonly provider: string;
  readonly providerOptions: Readonly<Record<string, string>>;
  readonly concurrency: number;
  readonly priceUsd: number;
  readonly promptsPath: string | null;
}

export type GenerationInput = Omit<GenerationRequest, 'provider' | 'providerOptions' | 'priceUsd'> &
  Partial<Pick<GenerationRequest, 'provider' | 'providerOptions'>>;

/** The use cases, as the CLI and the HTTP API see them. */
export class Troupe {
  readonly manifests: ManifestWriter;
  readonly mirroring: ImageMirroring;
  private readonly runner: JobRunner;

  constructor(
    readonly deps: AppDeps,
    readonly settings: EngineSettings,
    readonly defaults: GenerationDefaults,
  ) {
    this.manifests = new ManifestWriter(deps, settings.manifestPathRoot);
    this.mirroring = new ImageMirroring(deps);
    this.runner = new JobRunner(deps, this.manifests, this.mirroring, settings);
  }

  addActor(input: AddActorInput): Promise<AddedActor> {
    return addActor(this.deps, this.manifests, input);
  }

  /** The CLI's way in: the base image is a file the user names. */
  async addActorFromFile(
    input: Omit<AddActorInput, 'baseImage' | 'baseImageName'> & { baseImagePath: string },
  ): Promise<AddedActor> {
    const { baseImagePath, ...rest } = input;
    parseActorId(rest.id);
    const baseImage = await this.deps.userFiles.read(baseImagePath, MAX_BASE_IMAGE_BYTES);
    return addActor(this.deps, this.manifests, { ...rest, baseImage, baseImageName: baseImagePath });
  }

  updateActor(id: string, patch: { descriptor?: string; name?: string; triggerWord?: string }): Promise<Actor> {
    return updateActor(this.deps, this.manifests, id, patch);
  }

  deleteActor(id: string): Promise<{ deletedImages: number }> {
    return deleteActor(this.deps, id);
  }

  deleteImage(actorId: ActorId, imageId: string): Promise<DeletedImage> {
    return deleteImage(this.deps, this.manifests, this.mirroring, actorId, imageId);
  }

  /** Brings in a seed-format data folder; see importSeedFolder. */
  importSeedFolder(source: ImportSource): Promise<ImportReport> {
    return importSeedFolder(this.deps, this.manifests, source);
  }

  listActors(): Promise<Actor[]> {
    return this.deps.actors.list();
  }

  /** Every actor with its image counts and newest job, in a fixed number of queries. */
  async listActorSummaries(): Promise<ActorSummary[]> {
    return summarizeActors(this.deps, await this.listActors());
  }

  async getActorSummaryOrThrow(rawId: string): Promise<ActorSummary> {
    const actor = await this.getActorOrThrow(rawId);
    const [summary] = await summarizeActors(this.deps, [actor], actor.id);
    return summary!;
  }

  async getActorOrThrow(rawId: string): Promise<Actor> {
    const id = parseActorId(rawId);
    const actor = await this.deps.actors.get(id);
    if (!actor)
      throw new TroupeError(
        'NOT_FOUND',
        `Actor ${id} not found: see troupe actors list, or add it with troupe actors add.`,
      );
    return actor;
  }

  listImages(actorId: ActorId): Promise<ImageRecord[]> {
    return this.deps.images.listByActor(actorId);
  }

  /** Where the actor's manifest is, as messages name it. */
  manifestPath(actorId: ActorId): string {
    return `${this.settings.dataDirLabel}/actor_manifests/${manifestFileName(actorId)}`;
  }

  createJob(input: GenerationInput): Promise<GenerationJob> {
    return createGenerationJob(this.deps, this.request(input));
  }

  private request(input: GenerationInput): GenerationRequest {
    const defined = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
    return {
      provider: this.defaults.provider,
      providerOptions: this.defaults.providerOptions,
      // The seed's behaviour runs one attempt at a time unless told otherwise.
      concurrency: input.mode === 'seed' ? undefined : this.defaults.concurrency,
      promptsPath: this.defaults.promptsPath,
      ...defined,
      priceUsd: this.defaults.priceUsd,
    } as GenerationRequest;
  }

  /** The success rate a new job on this provider plans with: what earlier attempts taught, else a typical rate. */
  async plannedSuccessRate(provider: string, providerOptions: Readonly<Record<string, string>>): Promise<number> {
    const { estimate } = await loadProviderEstimate(
      this.deps.outcomeCounts,
      this.deps.providers.estimateSubject(provider, providerOptions),
      this.deps.providers.successPrior(provider, providerOptions),
    );
    return mean(estimate);
  }

  previewJob(input: GenerationInput): Promise<GenerationPreview> {
    return previewGenerationJob(this.deps, this.request(input));
  }

  /** Runs the job, then captions its new images, so the manifest carries them. */
  async runJob(jobId: string, options: RunOptions): Promise<GenerationJob> {
    const job = await this.runner.run(jobId, options);
    await this.captionImages(job.actorId).catch((error: unknown) =>
      this.deps.logger.warn({ jobId, error: String(error) }, 'captions not written'),
    );
    return job;
  }

  /** Every image of the actor with its caption, making the missing ones; rewrites the manifest when any was made. */
  async captionImages(actorId: ActorId): Promise<Map<string, StoredCaption>> {
    const before = (await this.deps.captions.listByActor(actorId)).size;
    const captions = await ensureCaptions(this.deps, actorId);
    if (captions.size !== before) await this.manifests.sync(actorId);
    return captions;
  }

  async setCaption(actorId: string, imageId: string, text: string): Promise<StoredCaption> {
    return setCaption(this.deps, this.manifests, await this.getActorOrThrow(actorId), imageId, text);
  }

  async replaceInCaptions(
    actorId: string,
    request: { find: string; replace: string; imageIds?: readonly string[] },
  ): Promise<StoredCaption[]> {
    return replaceInCaptions(this.deps, this.manifests, await this.getActorOrThrow(actorId), request);
  }

  /** Writes the actor's set for a trainer; see exportDataset. */
  async exportDataset(request: ExportRequest): Promise<ExportResult> {
    const result = await exportDataset(this.deps, request);
    await this.manifests.sync(parseActorId(request.actorId));
    return result;
  }

  async setImagesPinned(actorId: string, imageIds: readonly string[], isPinned: boolean): Promise<Set<string>> {
    return setImagesPinned(this.deps, (await this.getActorOrThrow(actorId)).id, imageIds, isPinned);
  }

  async listPinned(actorId: ActorId): Promise<Set<string>> {
    return this.deps.pins.listByActor(actorId);
  }

  cancelJob(jobId: string): Promise<GenerationJob> {
    return cancelJob(this.deps, jobId);
  }

  listJobs(filter: { actorId?: ActorId; status?: JobStatus } = {}): Promise<GenerationJob[]> {
    return this.deps.jobs.list(filter);
  }

  async getJobOrThrow(jobId: string): Promise<GenerationJob> {
    const job = await this.deps.jobs.get(jobId);
    if (!job) throw new TroupeError('NOT_FOUND', `Job ${jobId} not found: list jobs with troupe jobs list.`);
    return job;
  }

  planBalance(request: BalanceRequest): Promise<PlannedBalance> {
    return planActorBalance(this.deps, { promptsPath: this.defaults.promptsPath, ...request });
  }

  /** `planView`: the plan as shown to the user, recorded with the run (a summary of the plan when omitted). */
  executeBalance(
    planned: PlannedBalance,
    options: GenerationOptions,
    log: (line: string) => void,
    planView?: unknown,
  ): Promise<ExecutedBalance> {
    const summary = {
      deletions: planned.plan.deletions.map((d) => d.entry.image.fileName),
      generate: planned.plan.generate,
    };
    return executeBalance(this, planned, options, log, planView ?? summary);
  }

  /** Gives the actor's retired prompts back, on one provider or (by default) all. */
  resetPrompts(request: PromptResetRequest): Promise<PromptReset> {
    return resetRetiredPrompts(this.deps, request);
  }

  listBalanceRuns(actorId: ActorId): Promise<BalanceRun[]> {
    return this.deps.balanceRuns.listByActor(actorId);
  }

  /** Compares the database, manifest, disk and S3 for one actor; changes nothing. */
  auditActor(actorId: string): Promise<ActorAudit> {
    return auditActor(this.deps, this.manifests, parseActorId(actorId));
  }

  /** Fixes what the audit found from sound copies; never deletes. */
  repairActor(actorId: string): Promise<RepairedActor> {
    return repairActor(this.deps, this.manifests, parseActorId(actorId));
  }

  /** Uploads the images not yet in the S3 mirror, for one actor or all; rewrites the manifests of those touched. */
  async syncMirror(actorId?: string): Promise<SyncResult> {
    if (this.deps.mirror === null) {
      throw new TroupeError('INVALID_CONFIG', 'No S3 mirror is configured: set S3_BUCKET (see README, S3 mirror).');
    }
    const actorIds =
      actorId === undefined ? (await this.listActors()).map((a) => a.id) : [(await this.getActorOrThrow(actorId)).id];
    const result = await this.mirroring.syncPending(actorIds);
    for (const id of actorIds) await this.manifests.sync(id);
    return result;
  }

  doctor(): Promise<HealthReport> {
    return runDoctor(this.deps, this.defaults);
  }

  /** Whether the actor's images can be checked for its face, and if not, what to do. */
  async identitySetup(actorId: string): Promise<IdentitySetup> {
    return identitySetup(this.deps, (await this.getActorOrThrow(actorId)).id);
  }

  /** Adds a photo of the actor's face as a further reference; refused unless it shows exactly one clear face. */
  async addReference(actorId: string, bytes: Uint8Array, shownName: string): Promise<FaceReference> {
    const actor = await this.getActorOrThrow(actorId);
    const jpeg = await prepareBaseImage(this.deps, bytes, shownName, 'Reference image');
    return addReferenceImage(this.deps, actor.id, jpeg, shownName);
  }

  async addReferenceFromFile(actorId: string, filePath: string): Promise<FaceReference> {
    await this.getActorOrThrow(actorId);
    return this.addReference(actorId, await this.deps.userFiles.read(filePath, MAX_BASE_IMAGE_BYTES), filePath);
  }

  /** Every image's identity verdict (face analyses cached by content). */
  async judgeImages(actorId: string): Promise<JudgedSet> {
    const actor = await this.getActorOrThrow(actorId);
    return judgeSet(this.deps, actor.id, await this.deps.images.listByActor(actor.id));
  }

  /** Outputs the identity gate set aside for review. */
  async listOffModel(actorId: string): Promise<OffModelImage[]> {
    return this.deps.offModel.listByActor((await this.getActorOrThrow(actorId)).id);
  }

  async keepOffModel(actorId: string, id: string): Promise<ImageRecord> {
    const actor = await this.getActorOrThrow(actorId);
    return keepOffModel(this.deps, this.manifests, this.mirroring, actor.id, id);
  }

  async discardOffModel(actorId: string, id: string): Promise<void> {
    return discardOffModel(this.deps, (await this.getActorOrThrow(actorId)).id, id);
  }

  listAttempts(jobId: string): Promise<Attempt[]> {
    return this.deps.attempts.listByJob(jobId);
  }
}
