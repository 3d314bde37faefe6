import type { AppDeps, EngineSettings } from '../app-deps.js';
import type { ManifestWriter } from '../manifest/manifest-writer.js';
import type { ImageMirroring } from '../mirror/image-mirroring.js';
import { TroupeError } from '../../domain/errors/troupe-error.js';
import { isFinalJobStatus, type GenerationJob } from '../../domain/generation/job.js';
import { baseImageKey } from '../../domain/actors/dataset-layout.js';
import { retiredPrompts } from '../../domain/prompts/prompt-rotation.js';
import { raiseMarkFromStores } from '../images/file-number-mark.js';
import { JobSession } from './job-session.js';
import { SuccessEstimates } from './success-estimates.js';

type Deps = AppDeps;

export interface RunOptions {
  /** Aborting it cancels the job as a cancel request would (Ctrl-C in the CLI). */
  readonly signal?: AbortSignal;
  /** Who runs the job (host:pid:nonce): the claim on the job row names it. */
  readonly owner: string;
}

/**
 * Runs a generation job to its end: claims it, resumes whatever a stopped process left in flight, launches attempts
 * as the launch decision says, and records the outcome. Also what `troupe jobs resume` calls.
 */
export class JobRunner {
  constructor(
    private readonly deps: Deps,
    private readonly manifests: ManifestWriter,
    private readonly mirroring: ImageMirroring,
    private readonly settings: EngineSettings,
  ) {}

  async run(jobId: string, options: RunOptions): Promise<GenerationJob> {
    const job = await this.deps.jobs.get(jobId);
    if (!job) throw new TroupeError('NOT_FOUND', `Job ${jobId} not found: list jobs with troupe jobs list.`);
    if (isFinalJobStatus(job.status)) {
      throw new TroupeError(
        'JOB_STATE',
        `Job ${jobId} already ended (${job.status}): start a new one with troupe generate.`,
      );
    }
    await this.claim(job, options.owner);
    try {
      const session = await this.openSession(job, options);
      return await session.drive();
    } finally {
      await this.deps.jobs.update(jobId, { leaseOwner: null, leaseUntil: null });
    }
  }

  private async claim(job: GenerationJob, owner: string): Promise<void> {
    const now = this.deps.clock.now();
    const isClaimed = await this.deps.jobs.claim(job.id, owner, iso(now), iso(now + this.settings.leaseMs));
    if (!isClaimed) {
      throw new TroupeError(
        'JOB_STATE',
        `Job ${job.id} is being run by another process (${job.leaseOwner}) until ${job.leaseUntil}. If that process is gone, try again after that time.`,
      );
    }
  }

  private async openSession(job: GenerationJob, options: RunOptions): Promise<JobSession> {
    const actor = await this.deps.actors.get(job.actorId);
    if (!actor)
      throw new TroupeError('NOT_FOUND', `Job ${job.id} belongs to actor ${job.actorId}, which no longer exists.`);
    const baseImage = await this.deps.blobs.get(baseImageKey(actor.id));
    if (!baseImage) {
      throw new TroupeError(
        'STORAGE',
        `The base image of actor ${actor.id} is missing from the data directory: add it again or restore it.`,
      );
    }
    const library = await this.deps.prompts.load(job.promptsPath);
    const provider = this.deps.providers.create(job.provider, job.providerOptions);
    const attempts = await this.deps.attempts.listByJob(job.id);
    // Files on disk or in S3 that no row knows must not have their numbers handed out again.
    await raiseMarkFromStores(this.deps, actor.id);
    const estimates = await SuccessEstimates.load(
      this.deps.outcomeCounts,
      this.deps.providers.estimateSubject(job.provider, job.providerOptions),
      this.deps.providers.expectedSuccessRate(job.provider, job.providerOptions),
      library.prompts.map((p) => p.id),
    );
    const retired = retiredPrompts(await this.deps.attempts.countFilteredByPrompt(actor.id));
    return new JobSession(this.deps, this.manifests, this.mirroring, this.settings, {
      job,
      actor,
      baseImage,
      library,
      provider,
      attempts,
      estimates,
      retiredPrompts: retired,
      ...options,
    });
  }
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
