import { z } from 'zod';
import { ProviderCallError } from '../../../app/ports.js';
import type { ProviderFailure } from '../../../domain/generation/failure-class.js';
import { retryAfterMs } from './retry-after.js';

export const RUN_STATUSES = ['starting', 'processing', 'succeeded', 'failed', 'canceled', 'aborted'] as const;

const predictionSchema = z.object({
  id: z.string().min(1),
  status: z.enum(RUN_STATUSES),
  input: z.record(z.string(), z.unknown()).optional(),
  output: z.union([z.string(), z.array(z.string()), z.null()]).optional(),
  error: z.unknown().optional(),
  created_at: z.string().optional(),
});
export type Prediction = z.infer<typeof predictionSchema>;

const pageSchema = z.object({ next: z.string().nullable().optional(), results: z.array(predictionSchema) });
const fileSchema = z.object({ urls: z.object({ get: z.string().url() }) });
const problemSchema = z.object({ detail: z.unknown().optional(), title: z.unknown().optional() }).partial();

/** A 429: nothing was created and nothing is owed; the caller waits and tries again. */
export class RateLimitedError extends Error {
  constructor(
    readonly retryAfterMs: number | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'RateLimitedError';
  }
}

export interface ReplicateApiOptions {
  /** e.g. https://api.replicate.com/v1 */
  readonly baseUrl: string;
  readonly token: string;
  readonly fetch?: typeof fetch;
  /** Per request, on top of any `Prefer: wait`. */
  readonly requestTimeoutMs: number;
}

/**
 * Replicate's HTTP API, one call per method, every response parsed with a schema. It never retries: whether a call
 * may be repeated (a create may have been billed) is the caller's decision. The token never appears in errors.
 */
export class ReplicateApi {
  private readonly fetch: typeof fetch;

  constructor(private readonly options: ReplicateApiOptions) {
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  async createPrediction(
    model: string,
    input: Record<string, unknown>,
    headers: { waitSeconds: number; cancelAfter: string },
  ): Promise<Prediction> {
    const response = await this.call('create', `/models/${model}/predictions`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Prefer: `wait=${headers.waitSeconds}`,
        'Cancel-After': headers.cancelAfter,
      },
      body: JSON.stringify({ input }),
      extraTimeoutMs: headers.waitSeconds * 1000,
    });
    return this.parse(response, predictionSchema, 'create');
  }

  async getPrediction(id: string): Promise<Prediction> {
    return this.parse(
      await this.call('get', `/predictions/${encodeURIComponent(id)}`, { method: 'GET' }),
      predictionSchema,
      'get',
    );
  }

  async cancelPrediction(id: string): Promise<void> {
    await this.call('get', `/predictions/${encodeURIComponent(id)}/cancel`, { method: 'POST' });
  }

  /** Who the token belongs to: answers 401 for a bad token, and costs nothing. */
  async getAccount(): Promise<void> {
    await this.call('create', '/account', { method: 'GET' });
  }

  /** Whether the model exists: answers 404 for an unknown one. */
  async getModel(model: string): Promise<void> {
    await this.call('create', `/models/${model}`, { method: 'GET' });
  }

  /** One page of recent predictions, newest first; `cursorUrl` is a previous page's `next`. */
  async listPredictions(cursorUrl?: string): Promise<{ results: Prediction[]; next: string | null }> {
    const response = await this.call('get', cursorUrl ?? '/predictions', { method: 'GET' });
    const page = await this.parse(response, pageSchema, 'get');
    return { results: page.results, next: page.next ?? null };
  }

  /** Uploads bytes with the files API; returns the URL models accept as an input. */
  async uploadFile(bytes: Uint8Array, fileName: string, contentType: string): Promise<string> {
    const form = new FormData();
    form.append('content', new Blob([bytes], { type: contentType }), fileName);
    form.append('type', contentType);
    const response = await this.call('create', '/files', { method: 'POST', body: form });
    return (await this.parse(response, fileSchema, 'create')).urls.get;
  }

  /** Downloads an output; sends the token only to the API's own origin. */
  async download(url: string): Promise<Uint8Array> {
    const isOwnOrigin = new URL(url).origin === new URL(this.options.baseUrl).origin;
    const response = await this.call('output', url, { method: 'GET', isAuthorized: isOwnOrigin });
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await response.arrayBuffer());
    } catch (error) {
      throw new ProviderCallError(
        { stage: 'output', message: `Output download broke off: ${(error as Error).message}` },
        { cause: error },
      );
    }
    // A compressed transfer declares the compressed length; only a plain one can be checked against it.
    const isPlain = response.headers.get('content-encoding') === null;
    const declared = Number(response.headers.get('content-length') ?? Number.NaN);
    if (isPlain && Number.isFinite(declared) && declared !== bytes.byteLength) {
      throw new ProviderCallError({
        stage: 'output',
        message: `Output download is short: ${bytes.byteLength} of ${declared} bytes arrived.`,
      });
    }
    return bytes;
  }

  private async call(
    stage: ProviderFailure['stage'],
    pathOrUrl: string,
    init: {
      method: string;
      headers?: Record<string, string>;
      body?: string | FormData;
      extraTimeoutMs?: number;
      isAuthorized?: boolean;
    },
  ): Promise<Response> {
    const url = /^https?:\/\//.test(pathOrUrl) ? pathOrUrl : `${this.options.baseUrl.replace(/\/$/, '')}${pathOrUrl}`;
    const headers: Record<string, string> = { ...init.headers };
    if (init.isAuthorized !== false) headers.Authorization = `Bearer ${this.options.token}`;
    let response: Response;
    try {
      response = await this.fetch(url, {
        method: init.method,
        headers,
        body: init.body,
        signal: AbortSignal.timeout(this.options.requestTimeoutMs + (init.extraTimeoutMs ?? 0)),
      });
    } catch (error) {
      const reason =
        (error as Error).name === 'TimeoutError' ? 'timed out' : `network error: ${(error as Error).message}`;
      throw new ProviderCallError(
        { stage, message: `Replicate ${init.method} ${safePath(url)} ${reason}` },
        { cause: error, mayHaveStarted: stage === 'create' },
      );
    }
    if (response.ok) return response;
    return this.failed(stage, init.method, url, response);
  }

  private async failed(
    stage: ProviderFailure['stage'],
    method: string,
    url: string,
    response: Response,
  ): Promise<never> {
    const body: unknown = await response.json().catch(() => undefined);
    const problem = problemSchema.safeParse(body);
    const detail =
      problem.success && problem.data.detail !== undefined ? String(problem.data.detail) : response.statusText;
    const message = `Replicate ${method} ${safePath(url)} answered ${response.status}: ${detail}`;
    if (response.status === 429) {
      throw new RateLimitedError(
        retryAfterMs({ header: response.headers.get('retry-after'), body, nowMs: Date.now() }),
        message,
      );
    }
    throw new ProviderCallError(
      { stage, httpStatus: response.status, message },
      { mayHaveStarted: stage === 'create' && response.status >= 500 },
    );
  }

  private async parse<T>(response: Response, schema: z.ZodType<T>, stage: ProviderFailure['stage']): Promise<T> {
    const body: unknown = await response.json().catch(() => undefined);
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      throw new ProviderCallError(
        {
          stage,
          message: `Replicate answered with an unexpected shape: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
        },
        { mayHaveStarted: stage === 'create' },
      );
    }
    return parsed.data;
  }
}

function safePath(url: string): string {
  return new URL(url).pathname;
}
