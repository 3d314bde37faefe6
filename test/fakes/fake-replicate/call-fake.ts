/** Test helpers: talk to the fake over real HTTP with global fetch, and parse what comes back with schemas. */
import { z } from 'zod';
import type { FakeReplicate } from './fake-replicate-server.js';

export const PredictionJson = z.looseObject({
  id: z.string(),
  model: z.string(),
  version: z.string(),
  input: z.record(z.string(), z.unknown()),
  output: z.string().nullable(),
  error: z.string().nullable(),
  logs: z.string(),
  status: z.enum(['starting', 'processing', 'succeeded', 'failed', 'canceled', 'aborted']),
  data_removed: z.boolean(),
  created_at: z.string(),
  started_at: z.string().nullable(),
  completed_at: z.string().nullable(),
  urls: z.looseObject({ get: z.string(), cancel: z.string() }),
  metrics: z.object({ predict_time: z.number().optional() }).optional(),
});
export type PredictionJson = z.infer<typeof PredictionJson>;

export const PageJson = z.object({
  previous: z.string().nullable(),
  next: z.string().nullable(),
  results: z.array(PredictionJson),
});

export const ProblemJson = z.looseObject({ title: z.string().optional(), detail: z.string(), status: z.number() });

export interface CallOptions {
  /** Defaults to the fake's first valid token; null sends no Authorization header. */
  readonly token?: string | null;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface CallResult {
  readonly status: number;
  readonly headers: Headers;
  readonly json: unknown;
}

/** `pathOrUrl` is relative to the API root ("/predictions") or a full URL (a `next` link, an output). */
export async function callFake(
  fake: FakeReplicate,
  method: string,
  pathOrUrl: string,
  options: CallOptions = {},
): Promise<CallResult> {
  const url = pathOrUrl.startsWith('http') ? pathOrUrl : `${fake.baseUrl}${pathOrUrl}`;
  const token = options.token === undefined ? fake.script.validTokens[0] : options.token;
  const headers: Record<string, string> = { ...options.headers };
  if (token !== null && token !== undefined) headers['authorization'] = `Bearer ${token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(url, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? (JSON.parse(text) as unknown) : null };
}

export function kontextInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { prompt: 'a portrait, soft light', input_image: 'https://example.test/base.jpg', seed: 42, ...overrides };
}

export async function createPrediction(
  fake: FakeReplicate,
  input: Record<string, unknown> = kontextInput(),
  headers: Readonly<Record<string, string>> = {},
): Promise<PredictionJson> {
  const result = await callFake(fake, 'POST', '/models/black-forest-labs/flux-kontext-pro/predictions', {
    body: { input },
    headers,
  });
  if (result.status !== 201) throw new Error(`create answered ${result.status}: ${JSON.stringify(result.json)}`);
  return PredictionJson.parse(result.json);
}

export async function getPrediction(fake: FakeReplicate, id: string): Promise<PredictionJson> {
  const result = await callFake(fake, 'GET', `/predictions/${id}`);
  if (result.status !== 200) throw new Error(`get answered ${result.status}: ${JSON.stringify(result.json)}`);
  return PredictionJson.parse(result.json);
}
