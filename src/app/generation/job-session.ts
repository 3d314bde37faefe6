import type { AppDeps, EngineSettings } from '../app-deps.js';
import type { ImageProvider } from '../ports.js';
import type { ManifestWriter } from '../manifest/manifest-writer.js';
import type { ImageMirroring } from '../mirror/image-mirroring.js';
import type { Actor } from '../../domain/actors/actor.js';
import { isFinalAttemptStatus, type Attempt } from '../../domain/generation/attempt.js';
import { launchModeOf, type GenerationJob } from '../../domain/generation/job.js';
import { outcomeStatus } from '../../domain/generation/job-outcome.js';
import type { ImageRecord } from '../../domain/images/image-record.js';
import { progressOf } from '../../domain/generation/job-progress.js';
import { decideLaunch, type LaunchDecision, type LaunchState } from '../../domain/generation/launch-decision.js';
import { chooseNextType, choosePrompt, type PromptUse } from '../../domain/prompts/prompt-rotation.js';
import { promptsOfType, renderPrompt, type PromptLibrary } from '../../domain/prompts/prompt-library.js';
import { AttemptRunner } from './attempt-runner.js';
import type { IdentityGate } from '../identity/identity-gate.js';
import { JobClaim } from './job-claim.js';
import { INCOMING_FOLDER, trainingImageKey } from '../../domain/actors/dataset-layout.js';
import { iso } from './job-runner.js';
import type { SuccessEstimates } from './success-estimates.js';
import { mean, sample } from '../../domain/policy/beta-estimate.js';
import { planFastLaunch, type FastLaunchPlan } from '../../domain/policy/fast-launch-plan.js';
import { defaultRoundCostAttempts } from '../../domain/policy/launch-modes.js';

export interface SessionInput {
  readonly job: GenerationJob;
  readonly actor: Actor;
  readonly baseImage: Uint8Array;
  readonly library: PromptLibrary;
  readonly provider: ImageProvider;
  /** The job's attempts so far (non-empty when resuming). */
  readonly attempts: readonly Attempt[];
  /** What past jobs and this one taught about success rates; learns from every attempt that ends. */
  readonly estimates: SuccessEstimates;
  /** Prompts the filter refused again and again for this actor: skipped while others remain. */
  readonly retiredPrompts: ReadonlySet<string>;
  readonly signal?: AbortSignal;
  readonly owner: string;
  /** The identity check of outputs, when the job is gated. */
  readonly identityGate: IdentityGate | null;
}

const SEED_LIMIT = 2 ** 31;

/** One run of one job in this process: the launch loop and the job's live state. */
export class JobSession {
  private job: GenerationJob;
  private readonly attempts = new Map<string, Attempt>();
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly runner: AttemptRunner;
  private readonly claim: JobClaim;
  private fatalReason: string | null = null;
  private isCancelRequested: boolean;
  private crash: unknown = undefined;
  private lastHeartbeatMs = 0;
  private lastCancelPollMs = 0;
  private fastPlan: FastLaunchPlan | undefined;
  /** Attempts holding one of the N image slots while their image is being kept. */
  private readonly imageSlots = new Set<string>();
  /** Wakes the launch loop early: an attempt ended, or a cancel arrived. */
  private wake = new AbortController();
  /** Set when an attempt's run succeeded or ended since the loop last decided. */
  private isStateChanged = false;

  constructor(
    private readonly deps: AppDeps,
    private readonly manifests: ManifestWriter,
    private readonly mirroring: ImageMirroring,
    private readonly settings: EngineSettings,
    private readonly input: SessionInput,
  ) {
    this.job = input.job;
    this.isCancelRequested = input.job.isCancelRequested;
    for (const attempt of input.attempts) this.attempts.set(attempt.id, attempt);
    this.claim = new JobClaim(input.job.id, input.owner);
    this.runner = new AttemptRunner(deps, settings, {
      job: input.job,
      actor: input.actor,
      baseImage: input.baseImage,
      provider: input.provider,
      onChange: (attempt) => this.onAttemptChanged(attempt),
      // Once N images are in, runs still in flight (the fast mode's spares) are canceled rather than paid for.
      isStopping: () => this.isCancelRequested || this.fatalReason !== null || this.isTargetReached(),
      claimImageSlot: (attemptId) => this.claimImageSlot(attemptId),
      releaseImageSlot: (attemptId) => this.imageSlots.delete(attemptId),
      identityGate: input.identityGate,
      claim: this.claim,
    });
  }

  async drive(): Promise<GenerationJob> {
    const stopListening = this.listenForCancel();
    try {
      return await this.loop();
    } catch (error) {
      // Attempts in flight stop at their next step once the claim is lost; wait for them so none writes later.
      if (this.claim.isLost) await Promise.allSettled(this.inFlight.values());
      throw error;
    } finally {
      stopListening();
    }
  }

  /** A cancel made in this process (the API, Ctrl-C) stops launches at once; another process's within cancelPollMs. */
  private listenForCancel(): () => void {
    return this.deps.events.subscribe((event) => {
      if (event.type !== 'job.updated' || event.job.id !== this.job.id || !event.job.isCancelRequested) return;
      if (this.isCancelRequested) return;
      this.isCancelRequested = true;
      this.wake.abort();
    });
  }

  private async loop(): Promise<GenerationJob> {
    const now = this.deps.clock.now();
    // A process killed between an attempt's end and the job row's update left stale counters: the attempts are the
    // truth, so the row is brought up to date before anything else.
    await this.saveJob({
      ...progressOf(this.attempts.values()),
      status: 'processing',
      startedAt: this.job.startedAt ?? iso(now),
    });
    this.lastHeartbeatMs = now;
    await this.recoverIncoming();
    this.resumeUnfinished();
    for (;;) {
      if (this.crash !== undefined) throw this.crash;
      await this.heartbeat();
      this.isStateChanged = false;
      const decision = decideLaunch(this.launchState());
      if (decision.kind === 'finish') {
        // An attempt counts as ended once its status is saved, but its follow-up (the S3 upload, the manifest) may
        // still be running: the job ends only after every follow-up has.
        // The heartbeat goes on meanwhile (a slow S3 upload must not let the claim lapse).
        if (this.inFlight.size > 0) {
          await this.waitForChange();
          continue;
        }
        return this.finish(decision);
      }
      let launched = 0;
      if (decision.kind === 'launch') {
        for (let i = 0; i < decision.count; i += 1) launched += (await this.launch()) ? 1 : 0;
      }
      // Waiting when nothing could be launched keeps the loop from spinning on microtasks alone.
      if (launched === 0) await this.waitForChange();
    }
  }

  /**
   * A crash between recording an image and moving its file leaves the file in incoming/ under its attempt id; a
   * crash mid-write leaves a temp file. Both are this job's to finish or clear before anything else runs.
   */
  private async recoverIncoming(): Promise<void> {
    const names = await this.deps.blobs.list(INCOMING_FOLDER);
    for (const attempt of this.attempts.values()) {
      for (const name of names.filter((n) => n.startsWith(`${attempt.id}.`))) {
        const key = `${INCOMING_FOLDER}/${name}`;
        if (name !== `${attempt.id}.jpg`) {
          await this.deps.blobs.delete(key);
          continue;
        }
        const image = attempt.status === 'succeeded' ? await this.deps.images.getByAttempt(attempt.id) : undefined;
        if (image) await this.deps.blobs.move(key, trainingImageKey(this.input.actor.id, image.fileName));
      }
    }
  }

  private resumeUnfinished(): void {
    for (const attempt of this.attempts.values()) {
      if (!isFinalAttemptStatus(attempt.status)) this.track(attempt, this.runner.resume(attempt));
    }
  }

  /** Starts one attempt; false when no type still needs images (every target is covered by what is in flight). */
  private async launch(): Promise<boolean> {
    const uses = this.promptUses();
    const type = chooseNextType(this.job.typeTargets, uses, launchModeOf(this.job.mode) === 'fast');
    if (type === undefined) return false;
    const { estimates, retiredPrompts } = this.input;
    const prompt = choosePrompt(promptsOfType(this.input.library, type), uses, {
      pick: (n) => this.deps.random.int(n),
      draw: (promptId) => sample(estimates.prompt(promptId), () => this.deps.random.next()),
      retired: retiredPrompts,
    });
    const attempt: Attempt = {
      id: this.deps.ids.next('att'),
      jobId: this.job.id,
      number: this.attempts.size + 1,
      status: 'pending',
      promptId: prompt.id,
      prompt: renderPrompt(prompt, this.input.actor.descriptor),
      type,
      seed: this.deps.random.int(SEED_LIMIT),
      providerRunId: null,
      outputUrl: null,
      failureClass: null,
      failureCode: null,
      message: null,
      costMicroUsd: 0,
      imageId: null,
      startedAt: iso(this.deps.clock.now()),
      endedAt: null,
    };
    await this.claim.write(() => this.deps.attempts.insertAsOwner(attempt, this.claim.owner));
    this.attempts.set(attempt.id, attempt);
    await this.saveProgress(attempt);
    this.track(attempt, this.runner.start(attempt));
    return true;
  }

  private track(attempt: Attempt, outcome: Promise<Attempt>): void {
    const done = outcome.then(
      (ended) => this.onAttemptEnded(ended),
      (error: unknown) => {
        this.crash ??= error;
      },
    );
    this.inFlight.set(
      attempt.id,
      done.finally(() => this.inFlight.delete(attempt.id)),
    );
  }

  /** Every saved step of an attempt; a charge (a run known to have succeeded) reaches the job row at once. */
  /**
   * Every saved step of an attempt. A run that has succeeded (storing) or ended frees its place at the provider, so
   * the launch loop is woken at once rather than after the attempt's follow-up (estimates, S3, manifest): waiting for
   * those held every slot about a tenth of a latency longer than the run itself.
   */
  private async onAttemptChanged(attempt: Attempt): Promise<void> {
    const before = this.attempts.get(attempt.id);
    this.attempts.set(attempt.id, attempt);
    // Set before the loop is woken, so it never launches again after a failure no retry can fix.
    if (attempt.failureClass === 'fatal' && this.fatalReason === null) {
      this.fatalReason = `Stopped: ${attempt.message ?? 'the provider refused the request'}`;
    }
    const isProviderDone = attempt.status === 'storing' || isFinalAttemptStatus(attempt.status);
    if (isProviderDone) {
      this.isStateChanged = true;
      this.wake.abort();
    }
    if (attempt.costMicroUsd !== (before?.costMicroUsd ?? 0) && !isFinalAttemptStatus(attempt.status)) {
      await this.saveProgress(attempt);
    } else if (attempt.status === 'storing' && before?.status !== 'storing') {
      // The run's place at the provider is free from here on: watchers (progress bars, tests) see it leave.
      this.deps.events.publish({ type: 'attempt.updated', jobId: this.job.id, actorId: this.job.actorId, attempt });
    }
  }

  private async onAttemptEnded(attempt: Attempt): Promise<void> {
    this.attempts.set(attempt.id, attempt);
    if (attempt.failureClass === 'fatal' && this.fatalReason === null) {
      this.fatalReason = `Stopped: ${attempt.message ?? 'the provider refused the request'}`;
    }
    await this.saveProgress(attempt);
    await this.input.estimates.record(attempt);
    if (attempt.status !== 'succeeded') return;
    const image = await this.mirror(attempt);
    await this.manifests.sync(this.job.actorId);
    if (image) this.deps.events.publish({ type: 'image.added', actorId: this.job.actorId, image });
  }

  /** Uploads the kept image to the S3 mirror; when S3 fails, says so once and goes on with the image pending. */
  private async mirror(attempt: Attempt): Promise<ImageRecord | undefined> {
    const image = await this.deps.images.getByAttempt(attempt.id);
    if (image === undefined || image.s3Url !== null) return image;
    const outcome = await this.mirroring.upload(image);
    const kept = (await this.deps.images.get(image.id)) ?? image;
    if (outcome.kind !== 'pending' || !outcome.isFirstFailure) return kept;
    this.deps.events.publish({
      type: 'mirror.unavailable',
      jobId: this.job.id,
      actorId: this.job.actorId,
      message: this.mirroring.pendingMessage(outcome.reason),
    });
    return kept;
  }

  /** Sleeps until an attempt ends, the next look for a cancel is due, or a cancel (event or Ctrl-C) arrives. */
  private async waitForChange(): Promise<void> {
    // An attempt moved on while the loop was busy launching: decide again now instead of sleeping past it.
    if (this.isStateChanged) return;
    const wake = new AbortController();
    this.wake = wake;
    const onAbort = () => wake.abort();
    this.input.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const napMs = Math.min(this.settings.heartbeatMs, this.settings.cancelPollMs);
      await Promise.race([...this.inFlight.values(), this.deps.clock.sleep(napMs, wake.signal)]);
    } finally {
      wake.abort();
      this.input.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Picks up cancel requests from the signal or from another process (the job row) and renews the claim. */
  private async heartbeat(): Promise<void> {
    if (this.input.signal?.aborted) await this.requestCancel();
    const now = this.deps.clock.now();
    if (now - this.lastCancelPollMs >= this.settings.cancelPollMs) {
      this.lastCancelPollMs = now;
      if (!this.isCancelRequested && (await this.deps.jobs.get(this.job.id))?.isCancelRequested) {
        this.isCancelRequested = true;
      }
    }
    if (now - this.lastHeartbeatMs < this.settings.heartbeatMs) return;
    this.lastHeartbeatMs = now;
    const isOurs = await this.deps.jobs.claim(
      this.job.id,
      this.input.owner,
      iso(now),
      iso(now + this.settings.leaseMs),
    );
    if (!isOurs) {
      this.claim.markLost();
      this.claim.assertHeld();
    }
  }

  private async requestCancel(): Promise<void> {
    if (this.isCancelRequested) return;
    this.isCancelRequested = true;
    await this.saveJob({ isCancelRequested: true });
  }

  /** Synchronous check-and-take: the job runs in this one process, so two runs succeeding at once cannot both win. */
  private claimImageSlot(attemptId: string): boolean {
    if (this.imageSlots.has(attemptId)) return true;
    const kept = [...this.attempts.values()].filter((a) => a.status === 'succeeded' && !this.imageSlots.has(a.id));
    if (kept.length + this.imageSlots.size >= this.job.requestedImages) return false;
    this.imageSlots.add(attemptId);
    return true;
  }

  private isTargetReached(): boolean {
    return progressOf(this.attempts.values()).completedImages >= this.job.requestedImages;
  }

  /** The fast mode's plan for the current estimate, solved again only when the estimate moves. */
  private fastPlanFor(p: number): FastLaunchPlan | undefined {
    if (launchModeOf(this.job.mode) !== 'fast' || p <= 0 || p >= 1) return undefined;
    if (this.fastPlan?.p !== p) {
      const roundCost = defaultRoundCostAttempts(this.job.concurrency);
      this.fastPlan = planFastLaunch(p, this.job.concurrency, this.job.requestedImages, roundCost);
    }
    return this.fastPlan;
  }

  private launchState(): LaunchState {
    const progress = progressOf(this.attempts.values());
    const estimate = this.input.estimates.provider();
    return {
      requestedImages: this.job.requestedImages,
      completedImages: progress.completedImages,
      inFlight: [...this.attempts.values()].filter((a) => !isFinalAttemptStatus(a.status)).length,
      storing: [...this.attempts.values()].filter((a) => a.status === 'storing').length,
      attemptsStarted: progress.currentAttempt,
      maxAttempts: this.job.maxAttempts,
      concurrency: this.job.concurrency,
      // In-flight attempts are reserved at full price against the cost cap, charged or not: only ended ones count here.
      spendMicroUsd: progressOf([...this.attempts.values()].filter((a) => isFinalAttemptStatus(a.status)))
        .spendMicroUsd,
      priceMicroUsd: this.job.priceMicroUsd,
      costCapMicroUsd: this.job.costCapMicroUsd,
      isCancelRequested: this.isCancelRequested,
      fatalReason: this.fatalReason,
      mode: launchModeOf(this.job.mode),
      estimate,
      earlyStopBelow: this.job.earlyStopBelow,
      fastPlan: this.fastPlanFor(mean(estimate)),
    };
  }

  private promptUses(): PromptUse[] {
    return [...this.attempts.values()]
      .sort((a, b) => a.number - b.number)
      .map((a) => ({
        promptId: a.promptId,
        type: a.type,
        isSuccess: a.status === 'succeeded',
        // A prompt that keeps drifting the face is set aside and retired like one the filter refuses.
        isFiltered: a.failureClass === 'content_filter' || a.failureClass === 'off_model',
        isFinished: isFinalAttemptStatus(a.status),
      }));
  }

  private async finish(decision: Extract<LaunchDecision, { kind: 'finish' }>): Promise<GenerationJob> {
    const progress = progressOf(this.attempts.values());
    await this.saveJob({
      ...progress,
      status: outcomeStatus(decision.status, progress.completedImages),
      finishReason: decision.reason + this.paidSparesNote() + this.offModelNote() + (await this.pendingUploadsNote()),
      finishedAt: iso(this.deps.clock.now()),
    });
    await this.manifests.sync(this.job.actorId);
    this.deps.logger.info({ jobId: this.job.id, status: this.job.status }, decision.reason);
    return this.job;
  }

  /** Spares of the fast mode that succeeded after the Nth image: paid for but not kept, which the user should know. */
  private paidSparesNote(): string {
    const spares = [...this.attempts.values()].filter((a) => a.status === 'canceled' && a.costMicroUsd > 0).length;
    if (spares === 0) return '';
    const what = spares === 1 ? '1 spare attempt' : `${spares} spare attempts`;
    return ` ${what} of the fast mode succeeded after the last image was in: paid for, not kept (--mode thrifty never does this).`;
  }

  /** Outputs of another person's face: paid for, not kept, waiting in the review list. */
  private offModelNote(): string {
    const count = [...this.attempts.values()].filter((a) => a.failureClass === 'off_model').length;
    if (count === 0) return '';
    const what = count === 1 ? '1 output showed' : `${count} outputs showed`;
    return ` ${what} another person's face: paid for, not kept, set aside for review (troupe actors review ${this.job.actorId}).`;
  }

  private async pendingUploadsNote(): Promise<string> {
    if (this.deps.mirror === null) return '';
    const images = await this.deps.images.listByActor(this.job.actorId);
    const pending = images.filter((image) => image.jobId === this.job.id && image.s3Url === null).length;
    if (pending === 0) return '';
    return ` ${pending} of its images are kept on disk but pending upload to ${this.deps.mirror.description}: run \`troupe sync\` once S3 is back.`;
  }

  private async saveProgress(attempt: Attempt): Promise<void> {
    await this.saveJob(progressOf(this.attempts.values()));
    this.deps.events.publish({ type: 'attempt.updated', jobId: this.job.id, actorId: this.job.actorId, attempt });
  }

  private async saveJob(patch: Partial<GenerationJob>): Promise<void> {
    await this.claim.write(() => this.deps.jobs.updateAsOwner(this.job.id, this.claim.owner, patch));
    this.job = { ...this.job, ...patch };
    this.deps.events.publish({ type: 'job.updated', job: this.job });
  }
}
