import type { AppDeps, EngineSettings } from '../app-deps.js';
import { isFinalRunStatus, ProviderCallError, type ImageProvider, type RunRequest, type RunState } from '../ports.js';
import type { Actor } from '../../domain/actors/actor.js';
import { incomingKey, trainingImageKey } from '../../domain/actors/dataset-layout.js';
import type { Attempt } from '../../domain/generation/attempt.js';
import { classifyFailure, type ProviderFailure } from '../../domain/generation/failure-class.js';
import type { GenerationJob } from '../../domain/generation/job.js';
import { OUTPUT_EXPIRED } from '../../domain/generation/paid-ledger.js';
import { backoffMs } from '../../domain/generation/retry-backoff.js';
import type { ImageMetrics } from '../../domain/images/image-acceptance.js';
import { acceptOutput } from './output-check.js';
import { downloadOutput } from './output-download.js';
import { reconcileCreate } from './create-reconciler.js';
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
  /** Called with every saved change, so the job sees each attempt's state (and spend) as it moves. */
  readonly onChange: (attempt: Attempt) => void | Promise<void>;
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

/** The longest wait between polls, listings or downloads that keep failing. */
const MAX_BACKOFF_MS = 30_000;
const FIRST_DOWNLOAD_BACKOFF_MS = 1_000;
/** A stopping job still looks this often for a lost create's run (to cancel it) before letting it go. */
const STOPPING_RECONCILE_LOOKS = 3;

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
      // No run exists: the one created now has its own Cancel-After deadline, not the crashed process's.
      if (!found) return this.start(await this.save(attempt, { startedAt: this.nowIso() }));
      return this.follow(await this.save(attempt, { status: 'running', providerRunId: found.runId }), found);
    }
    return this.follow(attempt, { runId: attempt.providerRunId, status: 'starting', outputUrl: null, error: null });
  }

  /** Looks for the run a create call may have started although its answer was lost; see reconcileCreate. */
  private reconcile(attempt: Attempt): Promise<RunState | undefined> {
    const { provider } = this.context;
    const startedMs = Date.parse(attempt.startedAt);
    return reconcileCreate(
      this.deps,
      provider,
      this.requestFor(attempt),
      startedMs,
      {
        deadlineMs: startedMs + this.settings.runTimeoutMs + this.settings.runMarginMs,
        firstBackoffMs: provider.pollIntervalMs * 2,
        maxBackoffMs: MAX_BACKOFF_MS,
        looksWhenStopping: STOPPING_RECONCILE_LOOKS,
        isStopping: this.context.isStopping,
      },
      this.logFields(attempt),
    );
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

  /**
   * Polls the run to its end. A poll that fails (5xx, timeout, reset) is retried with backoff for as long as the
   * run can still be heard of: never does a failed poll end an attempt whose run may have succeeded. At the
   * Cancel-After deadline the run is asked to stop and followed to its final state.
   */
  private async follow(attempt: Attempt, initial: RunState): Promise<Attempt> {
    const { provider } = this.context;
    const deadline = Date.parse(attempt.startedAt) + this.settings.runTimeoutMs;
    const runningLimit = deadline + this.settings.runMarginMs;
    // Past this even a success would have lost its output: there is nothing left to learn by polling.
    const learnLimit = runningLimit + this.settings.outputLifetimeMs;
    let state = initial;
    let pollErrors = 0;
    let isCancelSent = false;
    while (!isFinalRunStatus(state.status)) {
      this.context.claim.assertHeld();
      const now = this.deps.clock.now();
      if (!isCancelSent && (this.context.isStopping() || now > deadline)) {
        isCancelSent = true;
        await provider.cancel(state.runId).catch(() => undefined);
      }
      if ((now > runningLimit && pollErrors === 0) || now > learnLimit) {
        return this.fail(attempt, {
          stage: 'run',
          message:
            pollErrors === 0
              ? `The run did not finish within ${Math.round(this.settings.runTimeoutMs / 1000)} s (timeout).`
              : `The run's state could not be read for ${pollErrors} polls in a row until its output would be gone (timeout).`,
        });
      }
      await this.deps.clock.sleep(
        pollErrors === 0 ? provider.pollIntervalMs : backoffMs(pollErrors, provider.pollIntervalMs, MAX_BACKOFF_MS),
      );
      try {
        state = await provider.get(state.runId);
        pollErrors = 0;
      } catch (error) {
        const failure = failureOf(error, 'get');
        if (classifyFailure(failure).failureClass === 'fatal') return this.fail(attempt, failure);
        pollErrors += 1;
        this.deps.logger.warn(
          { ...this.logFields(attempt), pollErrors },
          `poll failed, trying again: ${failure.message}`,
        );
      }
    }
    if (state.status === 'succeeded') {
      // Billed the moment it is known, whatever becomes of the output: the job's spend and cost cap count it now.
      const charged = await this.save(attempt, {
        status: 'storing',
        outputUrl: state.outputUrl,
        costMicroUsd: this.context.job.priceMicroUsd,
      });
      return this.keep(charged, state);
    }
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
    let metrics: ImageMetrics | undefined;
    let isJustWritten = false;
    if (!already && bytes === undefined) {
      this.context.claim.assertHeld();
      const fetched = await this.fetchAccepted(attempt, state);
      if (fetched.kind === 'ended') {
        this.context.releaseImageSlot(attempt.id);
        return fetched.attempt;
      }
      ({ jpeg: bytes, metrics } = fetched);
      this.context.claim.assertHeld();
      await this.deps.blobs.put(incomingKey(attempt.id), bytes);
      isJustWritten = true;
    }
    if (!already && this.context.identityGate !== null) {
      const verdict = await this.context.identityGate.judge(bytes!, attempt.type);
      if (verdict.verdict === 'different_person') {
        this.context.releaseImageSlot(attempt.id);
        const failure = await setAsideOffModel(this.deps, { actor, job, attempt, jpeg: bytes!, verdict });
        return this.save(attempt, failure);
      }
    }
    const image = already ?? (await this.record(attempt, bytes!, metrics));
    // Just written, it is there; on a resume a crash may have moved it already.
    if (isJustWritten || (await this.deps.blobs.exists(incomingKey(attempt.id)))) {
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

  /**
   * The output, downloaded whole (retried while damaged) and accepted for the set; or the attempt ended, paid: gone
   * (expired), still broken after every download, or rejected.
   */
  private async fetchAccepted(
    attempt: Attempt,
    state: RunState,
  ): Promise<
    { kind: 'image'; jpeg: Uint8Array; metrics: ImageMetrics | undefined } | { kind: 'ended'; attempt: Attempt }
  > {
    const download = await downloadOutput(
      this.deps,
      this.context.provider,
      state,
      {
        maxTries: this.settings.downloadTries,
        firstBackoffMs: FIRST_DOWNLOAD_BACKOFF_MS,
        maxBackoffMs: MAX_BACKOFF_MS,
        expiresAtMs: Date.parse(attempt.startedAt) + this.settings.outputLifetimeMs,
      },
      this.logFields(attempt),
    );
    if (download.kind === 'gone') return { kind: 'ended', attempt: await this.expire(attempt, download.message) };
    if (download.kind === 'broken') {
      const tries = download.tries === 1 ? '1 download' : `${download.tries} downloads`;
      const failure = { ...download.failure, message: `${download.failure.message} (after ${tries}; paid, not kept)` };
      return { kind: 'ended', attempt: await this.fail(attempt, failure) };
    }
    const verdict = await acceptOutput(this.deps.inspector, download.output);
    if (verdict.kind === 'rejected') return { kind: 'ended', attempt: await this.fail(attempt, verdict.failure) };
    // The download's decode measured these very bytes unless they were converted to JPEG: one decode per image.
    const metrics = verdict.jpeg === download.output.bytes ? download.output : undefined;
    return { kind: 'image', jpeg: verdict.jpeg, metrics };
  }

  /** A paid success whose output the provider removed before it could be downloaded: its own ending. */
  private async expire(attempt: Attempt, message: string): Promise<Attempt> {
    this.deps.logger.warn({ ...this.logFields(attempt), code: OUTPUT_EXPIRED }, message);
    return this.save(attempt, {
      status: 'failed',
      failureClass: 'transient',
      failureCode: OUTPUT_EXPIRED,
      message,
      endedAt: this.nowIso(),
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

  private async record(attempt: Attempt, jpeg: Uint8Array, measured: ImageMetrics | undefined) {
    const { actor, job } = this.context;
    const metrics = measured ?? (await this.deps.inspector.inspect(jpeg));
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
    await this.context.onChange(next);
    return next;
  }

  private logFields(attempt: Attempt): Record<string, unknown> {
    return { jobId: this.context.job.id, attempt: attempt.number };
  }

  private nowIso(): string {
    return new Date(this.deps.clock.now()).toISOString();
  }
}

function failureOf(error: unknown, stage: ProviderFailure['stage']): ProviderFailure {
  if (error instanceof ProviderCallError) return error.failure;
  return { stage, message: error instanceof Error ? error.message : String(error) };
}
