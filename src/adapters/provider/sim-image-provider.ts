import { createHash } from 'node:crypto';
import type { Clock, ImageProvider, RunRequest, RunState } from '../../app/ports.js';
import { ProviderCallError } from '../../app/ports.js';
import { isImageType, type ImageType } from '../../domain/prompts/image-type.js';
import { failureProbability, SIM_FAILURES, STICKY_FAILURE_MESSAGE, STICKY_PROMPT_SHARE } from './sim-scenarios.js';

export interface SimOptions {
  /** Probability that a run succeeds, 0..1 (see SIM_SCENARIOS). */
  readonly successRate: number;
  /** Latency range in ms; latencies are lognormal with most of their mass inside it. */
  readonly latencyMs: { readonly min: number; readonly max: number };
  readonly clock: Clock;
  /** The actor's base image, for rendering outputs (also after a restart, when only the run id is left). */
  readonly loadBaseImage: (actorId: string) => Promise<Uint8Array>;
  readonly sizePx?: number;
  /** Share of successful runs rendered from `loadImpostorImage` instead of the base image (0 by default). */
  readonly offModelShare?: number;
  /** Another person's face, for off-model outputs. */
  readonly loadImpostorImage?: () => Promise<Uint8Array>;
}

/** Everything about a run is derived from its id, so a new process can poll a run an old one started. */
interface SimRun {
  readonly actorId: string;
  readonly type: ImageType;
  readonly promptId: string;
  readonly seed: number;
  readonly startedAtMs: number;
}

/**
 * The embedded default provider: real JPEGs rendered from the base image, with realistic latency and failures,
 * all decided by the attempt's seed so a seed reproduces an outcome and an image.
 */
export class SimImageProvider implements ImageProvider {
  readonly name = 'sim';
  readonly pollIntervalMs: number;
  private readonly canceled = new Set<string>();

  constructor(private readonly options: SimOptions) {
    this.pollIntervalMs = Math.max(10, Math.round(options.latencyMs.min / 4));
  }

  async start(request: RunRequest): Promise<RunState> {
    const run: SimRun = {
      actorId: request.actorId,
      type: request.imageType,
      promptId: request.promptId,
      seed: request.seed,
      startedAtMs: this.options.clock.now(),
    };
    return { runId: encodeRunId(run), status: 'starting', outputUrl: null, error: null };
  }

  async get(runId: string): Promise<RunState> {
    const run = decodeRunId(runId);
    const outcome = this.outcome(run);
    const isDone = this.options.clock.now() >= run.startedAtMs + outcome.latencyMs;
    if (this.canceled.has(runId) && !isDone) return { runId, status: 'canceled', outputUrl: null, error: null };
    if (!isDone) return { runId, status: 'processing', outputUrl: null, error: null };
    if (outcome.error !== null) return { runId, status: 'failed', outputUrl: null, error: outcome.error };
    return { runId, status: 'succeeded', outputUrl: `sim://${runId}`, error: null };
  }

  /** Nothing to check: the sim needs no account. */
  async preflight(): Promise<void> {}

  /** Sim runs live only in their ids: a start whose answer was lost left nothing behind, so starting again is safe. */
  async findRun(): Promise<RunState | undefined> {
    return undefined;
  }

  async cancel(runId: string): Promise<void> {
    this.canceled.add(runId);
  }

  async fetchOutput(state: RunState): Promise<Uint8Array> {
    if (state.status !== 'succeeded' || state.outputUrl === null) {
      throw new ProviderCallError({ stage: 'output', message: `Run ${state.runId} has no output to fetch.` });
    }
    const run = decodeRunId(state.runId);
    const { offModelShare = 0, loadImpostorImage } = this.options;
    const isOffModel =
      loadImpostorImage !== undefined && uniforms(`off-model:${run.seed}:${run.promptId}`, 1)[0]! < offModelShare;
    const baseImage = isOffModel ? await loadImpostorImage() : await this.options.loadBaseImage(run.actorId);
    // Imported here, not at the top: sharp takes a noticeable part of a second to load, and most commands never render.
    const { renderSimImage } = await import('./sim-renderer.js');
    return renderSimImage({ baseImage, type: run.type, seed: run.seed, sizePx: this.options.sizePx });
  }

  private outcome(run: SimRun): { latencyMs: number; error: string | null } {
    const [uFail, uKind, uLatency1, uLatency2] = uniforms(`${run.seed}:${run.promptId}`, 4);
    const isSticky = uniforms(`sticky:${run.promptId}`, 1)[0]! < STICKY_PROMPT_SHARE;
    const fails = uFail! < failureProbability(this.options.successRate, isSticky);
    const failure = fails
      ? isSticky
        ? { message: STICKY_FAILURE_MESSAGE, isSlow: false }
        : pickFailure(uKind!)
      : null;
    const { min, max } = this.options.latencyMs;
    const latency = lognormalBetween(min, max, uLatency1!, uLatency2!) * (failure?.isSlow ? 2 : 1);
    return { latencyMs: Math.round(latency), error: failure?.message ?? null };
  }
}

function pickFailure(u: number): { message: string; isSlow: boolean } {
  let acc = 0;
  for (const failure of SIM_FAILURES) {
    acc += failure.weight;
    if (u < acc) return failure;
  }
  return SIM_FAILURES[SIM_FAILURES.length - 1]!;
}

/** Lognormal with its median at the range's geometric middle and the range spanning about +-2 sigma. */
function lognormalBetween(min: number, max: number, u1: number, u2: number): number {
  if (max <= min) return min;
  const median = Math.sqrt(min * max);
  const sigma = Math.log(max / min) / 4;
  const normal = Math.sqrt(-2 * Math.log(Math.max(u1, 1e-12))) * Math.cos(2 * Math.PI * u2);
  return Math.min(max * 1.5, Math.max(min / 2, median * Math.exp(sigma * normal)));
}

/** Deterministic uniforms in [0, 1) from a string, via sha256. */
function uniforms(key: string, count: number): number[] {
  const digest = createHash('sha256').update(key).digest();
  return Array.from({ length: count }, (_, i) => digest.readUInt32BE(i * 4) / 4294967296);
}

function encodeRunId(run: SimRun): string {
  return `sim_${Buffer.from(JSON.stringify(run)).toString('base64url')}`;
}

function decodeRunId(runId: string): SimRun {
  try {
    const run = JSON.parse(Buffer.from(runId.replace(/^sim_/, ''), 'base64url').toString('utf8')) as SimRun;
    if (!isImageType(run.type) || typeof run.seed !== 'number' || typeof run.startedAtMs !== 'number')
      throw new Error('shape');
    return run;
  } catch {
    throw new ProviderCallError({ stage: 'get', httpStatus: 404, message: `Unknown sim run ${runId}.` });
  }
}
