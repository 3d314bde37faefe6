import type { AppDeps, EngineSettings } from '../app-deps.js';
import type { ManifestWriter } from '../manifest/manifest-writer.js';
import type { ImageMirroring } from '../mirror/image-mirroring.js';
import { TroupeError } from '../../domain/errors/troupe-error.js';
import { isFinalJobStatus, type GenerationJob } from '../../domain/generation/job.js';
import { baseImageKey } from '../../domain/actors/dataset-layout.js';
import { isOwnerGone, jobClaimedError } from '../../domain/generation/lease-owner.js';
import { raiseMarkFromStores } from '../images/file-number-mark.js';
import { JobSession } from './job-session.js';
import { loadRetiredPrompts } from './retired-prompts.js';
import { IdentityGate } from '../identity/identity-gate.js';
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
      await this.deps.jobs.release(jobId, options.owner);
    }
  }

  /**
   * Takes the job's claim: free, lapsed, or held by a process on this host that is gone (a crash: no need to wait for
   * its lease). A live owner, or one on another host, keeps it: JOB_CLAIMED says until when.
   */
  private async claim(job: GenerationJob, owner: string): Promise<void> {
    const now = this.deps.clock.now();
    const until = iso(now + this.settings.leaseMs);
    if (await this.deps.jobs.claim(job.id, owner, iso(now), until)) return;
    const current = await this.deps.jobs.get(job.id);
    if (current === undefined || isFinalJobStatus(current.status)) {
      throw new TroupeError(
        'JOB_STATE',
        `Job ${job.id} already ended (${current?.status ?? 'deleted'}): start a new one with troupe generate.`,
      );
    }
    const held = current.leaseOwner;
    if (held !== null && isOwnerGone(held, this.deps.processes)) {
      if (await this.deps.jobs.claim(job.id, owner, iso(now), until, held)) {
        this.deps.logger.info({ jobId: job.id, from: held }, 'took over the claim of a process that is gone');
        return;
      }
    }
    throw jobClaimedError(job.id, current.leaseOwner, current.leaseUntil);
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
      this.deps.providers.successPrior(job.provider, job.providerOptions),
      library.prompts.map((p) => p.id),
    );
    const subject = this.deps.providers.estimateSubject(job.provider, job.providerOptions);
    const retired = await loadRetiredPrompts(this.deps, actor.id, subject);
    return new JobSession(this.deps, this.manifests, this.mirroring, this.settings, {
      job,
      actor,
      baseImage,
      library,
      provider,
      attempts,
      estimates,
      retiredPrompts: retired,
      identityGate: job.isIdentityGated ? await IdentityGate.load(this.deps, actor.id) : null,
      ...options,
    });
  }
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
