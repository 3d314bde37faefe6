import type { AppDeps, EngineSettings } from '../app-deps.js';
import { isFinalRunStatus, ProviderCallError, type ImageProvider, type RunRequest, type RunState } from '../ports.js';
import type { Actor } from '../../domain/actors/actor.js';
import { incomingKey, trainingImageKey } from '../../domain/actors/dataset-layout.js';
import type { Attempt } from '../../domain/generation/attempt.js';
import { classifyFailure, type ProviderFailure } from '../../domain/generation/failure-class.js';
import type { GenerationJob } from '../../domain/generation/job.js';
import { rejectionReason } from '../../domain/images/image-acceptance.js';
import { imageFileName } from '../../domain/images/file-numbering.js';
import { countOf } from '../../domain/text/count-noun.js';
import type { IdentityGate } from '../identity/identity-gate.js';
import { setAsideOffModel } from '../identity/set-aside-off-model.js';
import type { JobClaim } from './job-claim.js';

type Deps = Pick<
  AppDeps,
  'clock' | 'ids' | 'attempts' | 'blobs' | 'inspector' | 'successes' | 'images' | 'logger' | 'offModel'
>;

export interface AttemptContext {
  readonly job: GenerationJob;
  readonly actor: Actor;
  readonly baseImage: Uint8Array;
  readonly provider: ImageProvider;
  /** Called with every saved change, so the job sees each attempt's state as it moves. */
  readonly onChange: (attempt: Attempt) => void;
  readonly isStopping: () => boolean;
  /**
   * Claims one of the job's N image slots for a succeeded run about to be kept; false when all N are taken (a spare
   * the fast mode kept in flight succeeded after the job had its images), so a job never keeps more than N.
   */
  readonly claimImageSlot: (attemptId: string) => boolean;
  /** Gives a claimed slot back when the output could not be kept after all. */
  readonly releaseImageSlot: (attemptId: string) => void;
  /** Judges each checked output's face when the job is identity-gated; null when it is not. */
  readonly identityGate: IdentityGate | null;
  /** The job's claim: every write is guarded by it, and a lost claim stops the attempt without canceling its run. */
  readonly claim: JobClaim;
}

const OUTPUT_MAX_SIDE_PX = 4096;
const RECONCILE_LOOKS = 3;

/**
 * Carries one attempt from its row to a kept image or a classified failure. Every step is saved before the next
 * begins (run id the moment it exists, output URL before the download), so a new process can pick up from any step.
 * Never throws for provider trouble: that becomes the attempt's outcome. Database or disk errors do throw.
 */
export class AttemptRunner {
  constructor(
    private readonly deps: Deps,
    private readonly settings: EngineSettings,
    private readonly context: AttemptContext,
  ) {}

  /** From `pending`: calls the provider, then follows the run. */
  async start(attempt: Attempt): Promise<Attempt> {
    const request = this.requestFor(attempt);
    this.context.claim.assertHeld();
    let state: RunState;
    try {
      state = await this.context.provider.start(request);
    } catch (error) {
      const found =
        error instanceof ProviderCallError && error.mayHaveStarted ? await this.reconcile(attempt) : undefined;
      if (!found) return this.fail(attempt, failureOf(error, 'create'));
      state = found;
    }
    this.deps.logger.info({ jobId: this.context.job.id, attempt: attempt.number, runId: state.runId }, 'run started');
    return this.follow(await this.save(attempt, { status: 'running', providerRunId: state.runId }), state);
  }

  /** Continues an attempt a stopped process left unfinished, without paying for a run that may already exist. */
  async resume(attempt: Attempt): Promise<Attempt> {
    if (attempt.status === 'storing' && attempt.outputUrl !== null) {
      return this.keep(attempt, {
        runId: attempt.providerRunId ?? '',
        status: 'succeeded',
        outputUrl: attempt.outputUrl,
        error: null,
      });
    }
    if (attempt.providerRunId === null) {
      const found = await this.reconcile(attempt);
      if (!found) return this.start(attempt);
      return this.follow(await this.save(attempt, { status: 'running', providerRunId: found.runId }), found);
    }
    return this.follow(attempt, { runId: attempt.providerRunId, status: 'starting', outputUrl: null, error: null });
  }

  /**
   * Looks for the run a create call may have started although its answer was lost (matched by seed and prompt).
   * Listing can lag behind a create, so it looks a few times before concluding there is none.
   */
  private async reconcile(attempt: Attempt): Promise<RunState | undefined> {
    const since = Date.parse(attempt.startedAt);
    for (let look = 1; look <= RECONCILE_LOOKS; look += 1) {
      try {
        const found = await this.context.provider.findRun(this.requestFor(attempt), since);
        if (found) {
          this.deps.logger.info(
            { jobId: this.context.job.id, attempt: attempt.number, runId: found.runId },
            'found the run of an unconfirmed create',
          );
          return found;
        }
      } catch (error) {
        this.deps.logger.warn(
          { jobId: this.context.job.id, attempt: attempt.number },
          `listing runs failed: ${(error as Error).message}`,
        );
      }
      if (look < RECONCILE_LOOKS) await this.deps.clock.sleep(this.context.provider.pollIntervalMs * 2);
    }
    return undefined;
  }

  private requestFor(attempt: Attempt): RunRequest {
    const { actor, baseImage } = this.context;
    return {
      actorId: actor.id,
      prompt: attempt.prompt,
      promptId: attempt.promptId,
      imageType: attempt.type,
      seed: attempt.seed,
      baseImage,
      attemptId: attempt.id,
    };
  }

  private async follow(attempt: Attempt, initial: RunState): Promise<Attempt> {
    const { provider } = this.context;
    const deadline = Date.parse(attempt.startedAt) + this.settings.runTimeoutMs;
    let state = initial;
    let pollErrors = 0;
    let isCancelSent = false;
    while (!isFinalRunStatus(state.status)) {
      this.context.claim.assertHeld();
      if (this.context.isStopping() && !isCancelSent) {
        isCancelSent = true;
        await provider.cancel(state.runId).catch(() => undefined);
      }
      if (this.deps.clock.now() > deadline) {
        await provider.cancel(state.runId).catch(() => undefined);
        return this.fail(attempt, {
          stage: 'run',
          message: `The run did not finish within ${Math.round(this.settings.runTimeoutMs / 1000)} s (timeout).`,
        });
      }
      await this.deps.clock.sleep(provider.pollIntervalMs);
      try {
        state = await provider.get(state.runId);
        pollErrors = 0;
      } catch (error) {
        pollErrors += 1;
        const failure = failureOf(error, 'get');
        if (pollErrors >= this.settings.maxPollErrors || classifyFailure(failure).failureClass === 'fatal')
          return this.fail(attempt, failure);
      }
    }
    if (state.status === 'succeeded')
      return this.keep(await this.save(attempt, { status: 'storing', outputUrl: state.outputUrl }), state);
    if (state.status === 'failed')
      return this.fail(attempt, { stage: 'run', message: state.error ?? 'The run failed without a message.' });
    return this.save(attempt, { status: 'canceled', message: `The run was ${state.status}.`, endedAt: this.nowIso() });
  }

  /** Downloads, checks and keeps a succeeded run's image. */
  private async keep(attempt: Attempt, state: RunState): Promise<Attempt> {
    const { actor, job } = this.context;
    const already = await this.deps.images.getByAttempt(attempt.id);
    if (!already && !this.context.claimImageSlot(attempt.id)) return this.discardSpare(attempt);
    let bytes = already ? undefined : await this.deps.blobs.get(incomingKey(attempt.id));
    if (!already && bytes === undefined) {
      this.context.claim.assertHeld();
      try {
        bytes = await this.checkedJpeg(await this.context.provider.fetchOutput(state));
      } catch (error) {
        this.context.releaseImageSlot(attempt.id);
        return this.fail(attempt, failureOf(error, 'output'));
      }
      this.context.claim.assertHeld();
      await this.deps.blobs.put(incomingKey(attempt.id), bytes);
    }
    if (!already && this.context.identityGate !== null) {
      const verdict = await this.context.identityGate.judge(bytes!, attempt.type);
      if (verdict.verdict === 'different_person') {
        this.context.releaseImageSlot(attempt.id);
        const failure = await setAsideOffModel(this.deps, { actor, job, attempt, jpeg: bytes!, verdict });
        return this.save(attempt, failure);
      }
    }
    const image = already ?? (await this.record(attempt, bytes!));
    if (await this.deps.blobs.exists(incomingKey(attempt.id))) {
      await this.deps.blobs.move(incomingKey(attempt.id), trainingImageKey(actor.id, image.fileName));
    }
    this.deps.logger.info({ jobId: job.id, attempt: attempt.number, file: image.fileName }, 'image kept');
    return this.save(attempt, {
      status: 'succeeded',
      imageId: image.id,
      costMicroUsd: job.priceMicroUsd,
      endedAt: attempt.endedAt ?? this.nowIso(),
    });
  }

  /** A spare's run succeeded after the job had its N images: it is paid for but not kept, and says so. */
  private async discardSpare(attempt: Attempt): Promise<Attempt> {
    const { job } = this.context;
    await this.deps.blobs.delete(incomingKey(attempt.id));
    return this.save(attempt, {
      status: 'canceled',
      message: `Succeeded after the job had its ${countOf(job.requestedImages, 'image')}: not kept (a spare attempt of the fast mode).`,
      costMicroUsd: job.priceMicroUsd,
      endedAt: this.nowIso(),
    });
  }

  private async checkedJpeg(bytes: Uint8Array): Promise<Uint8Array> {
    const metrics = await this.deps.inspector.inspect(bytes);
    const reason = rejectionReason(metrics);
    if (reason) throw new ProviderCallError({ stage: 'output', message: `The output image was rejected: ${reason}.` });
    return metrics.format === 'jpeg' ? bytes : this.deps.inspector.toJpeg(bytes, OUTPUT_MAX_SIDE_PX);
  }

  private async record(attempt: Attempt, jpeg: Uint8Array) {
    const { actor, job } = this.context;
    const metrics = await this.deps.inspector.inspect(jpeg);
    return this.deps.successes.recordSuccess({
      image: {
        id: this.deps.ids.next('img'),
        actorId: actor.id,
        type: attempt.type,
        prompt: attempt.prompt,
        promptId: attempt.promptId,
        s3Url: null,
        generatedAt: this.nowIso(),
        generatedBy: job.generatedBy,
        jobId: job.id,
        attemptId: attempt.id,
        width: metrics.width,
        height: metrics.height,
        sizeBytes: jpeg.byteLength,
        sha256: this.deps.inspector.sha256(jpeg),
      },
      nameFor: (number) => imageFileName(actor.id, number),
      attemptId: attempt.id,
      endedAt: this.nowIso(),
      costMicroUsd: job.priceMicroUsd,
      owner: this.context.claim.owner,
    });
  }

  private async fail(attempt: Attempt, failure: ProviderFailure): Promise<Attempt> {
    const classified = classifyFailure(failure);
    this.deps.logger.warn(
      {
        jobId: this.context.job.id,
        attempt: attempt.number,
        failureClass: classified.failureClass,
        code: classified.code,
      },
      failure.message,
    );
    return this.save(attempt, {
      status: 'failed',
      failureClass: classified.failureClass,
      failureCode: classified.code,
      message: classified.fix ? `${failure.message} (${classified.fix})` : failure.message,
      endedAt: this.nowIso(),
    });
  }

  private async save(attempt: Attempt, patch: Partial<Attempt>): Promise<Attempt> {
    const { claim } = this.context;
    await claim.write(() => this.deps.attempts.updateAsOwner(attempt.id, claim.owner, patch));
    const next = { ...attempt, ...patch };
    this.context.onChange(next);
    return next;
  }

  private nowIso(): string {
    return new Date(this.deps.clock.now()).toISOString();
  }
}

function failureOf(error: unknown, stage: ProviderFailure['stage']): ProviderFailure {
  if (error instanceof ProviderCallError) return error.failure;
  return { stage, message: error instanceof Error ? error.message : String(error) };
}
