import { createHash } from 'node:crypto';
import type { Clock, ImageProvider, RunRequest, RunState } from '../../../app/ports.js';
import { ProviderCallError } from '../../../app/ports.js';
import { RateLimitedError, type Prediction, type ReplicateApi } from './replicate-api.js';
import type { TokenBucket } from './token-bucket.js';

export interface ReplicateProviderOptions {
  readonly api: ReplicateApi;
  readonly clock: Clock;
  /** `owner/name`, e.g. black-forest-labs/flux-kontext-pro */
  readonly model: string;
  /** Shared by every job in the process. */
  readonly bucket: TokenBucket;
  /** `Prefer: wait=N`: how long a create may hold the connection for a finished result, 1-60 s. */
  readonly waitSeconds: number;
  /** `Cancel-After`: a prediction not finished by then is stopped (free if it never started). */
  readonly cancelAfter: string;
  readonly pollIntervalMs: number;
  /** 429s in a row on one create before giving up (each waits as long as Replicate asks). */
  readonly maxThrottledCreates: number;
  /** 0-2 with an input image; higher is more permissive. */
  readonly safetyTolerance: number;
  readonly promptUpsampling: boolean;
}

/** Inputs up to this size travel inline as a data URL; larger base images are uploaded once per actor. */
const MAX_DATA_URL_BYTES = 256 * 1024;
/** Replicate's clocks and ours differ; look this much further back when matching a lost create. */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * flux-kontext-pro on Replicate, spoken over plain HTTP. The create call is never repeated after an answer that
 * might hide a created prediction: the engine reconciles with `findRun` first. 429s are waited out here (nothing was
 * created) and slow the shared pace.
 */
export class ReplicateImageProvider implements ImageProvider {
  readonly name = 'replicate';
  readonly pollIntervalMs: number;
  private readonly uploads = new Map<string, Promise<string>>();
  private checked: Promise<void> | undefined;

  constructor(private readonly options: ReplicateProviderOptions) {
    this.pollIntervalMs = options.pollIntervalMs;
  }

  async start(request: RunRequest): Promise<RunState> {
    const input = {
      prompt: request.prompt,
      input_image: await this.inputImage(request),
      aspect_ratio: 'match_input_image',
      output_format: 'jpg',
      safety_tolerance: this.options.safetyTolerance,
      seed: request.seed,
      prompt_upsampling: this.options.promptUpsampling,
    };
    for (let throttled = 0; ; throttled += 1) {
      await this.options.bucket.take();
      try {
        const prediction = await this.options.api.createPrediction(this.options.model, input, {
          waitSeconds: this.options.waitSeconds,
          cancelAfter: this.options.cancelAfter,
        });
        this.options.bucket.accepted();
        return toRunState(prediction);
      } catch (error) {
        if (!(error instanceof RateLimitedError)) throw error;
        if (throttled + 1 >= this.options.maxThrottledCreates) throw asCallError(error, 'create');
        this.options.bucket.throttled(error.retryAfterMs ?? 10_000);
      }
    }
  }

  /** Token, then model; a passed check is remembered for the life of the process. */
  preflight(): Promise<void> {
    this.checked ??= (async () => {
      await this.unthrottled('get', () => this.options.api.getAccount());
      await this.unthrottled('get', () => this.options.api.getModel(this.options.model));
    })();
    this.checked.catch(() => (this.checked = undefined));
    return this.checked;
  }

  async get(runId: string): Promise<RunState> {
    return toRunState(await this.unthrottled('get', () => this.options.api.getPrediction(runId)));
  }

  async cancel(runId: string): Promise<void> {
    await this.unthrottled('get', () => this.options.api.cancelPrediction(runId));
  }

  async fetchOutput(state: RunState): Promise<Uint8Array> {
    if (state.outputUrl === null)
      throw new ProviderCallError({ stage: 'output', message: `Prediction ${state.runId} has no output URL.` });
    return this.options.api.download(state.outputUrl);
  }

  async findRun(request: RunRequest, createdAfterMs: number): Promise<RunState | undefined> {
    let cursor: string | undefined;
    for (;;) {
      const page = await this.unthrottled('get', () => this.options.api.listPredictions(cursor));
      for (const prediction of page.results) {
        if (prediction.input?.seed === request.seed && prediction.input?.prompt === request.prompt)
          return toRunState(prediction);
      }
      const oldest = page.results.at(-1)?.created_at;
      const isPastWindow = oldest !== undefined && Date.parse(oldest) < createdAfterMs - CLOCK_SKEW_MS;
      if (page.next === null || isPastWindow) return undefined;
      cursor = page.next;
    }
  }

  private async inputImage(request: RunRequest): Promise<string> {
    if (request.baseImage.byteLength <= MAX_DATA_URL_BYTES) {
      return `data:image/jpeg;base64,${Buffer.from(request.baseImage).toString('base64')}`;
    }
    const key = `${request.actorId}:${createHash('sha256').update(request.baseImage).digest('hex')}`;
    let upload = this.uploads.get(key);
    if (!upload) {
      upload = this.options.api.uploadFile(request.baseImage, `${request.actorId}_base.jpg`, 'image/jpeg');
      this.uploads.set(key, upload);
      upload.catch(() => this.uploads.delete(key));
    }
    return upload;
  }

  private async unthrottled<T>(stage: 'get', call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof RateLimitedError) {
        this.options.bucket.throttled(error.retryAfterMs ?? 10_000);
        throw asCallError(error, stage);
      }
      throw error;
    }
  }
}

function asCallError(error: RateLimitedError, stage: 'create' | 'get'): ProviderCallError {
  return new ProviderCallError({ stage, httpStatus: 429, message: error.message }, { cause: error });
}

function toRunState(prediction: Prediction): RunState {
  const output = Array.isArray(prediction.output) ? (prediction.output[0] ?? null) : (prediction.output ?? null);
  return { runId: prediction.id, status: prediction.status, outputUrl: output, error: errorText(prediction.error) };
}

function errorText(error: unknown): string | null {
  if (error === null || error === undefined || error === '') return null;
  return typeof error === 'string' ? error : JSON.stringify(error);
}
