/**
 * A fake Replicate: a real HTTP server on 127.0.0.1 that speaks the parts of Replicate's API Troupe uses, with
 * scripted failures and scripted time, so tests exercise a real HTTP client against real sockets.
 *
 * Checked against public sources (stored copies of Replicate docs, client repositories and issue threads):
 * - Prediction fields id, model, version ("hidden" allowed), input, output, error, logs, status, created_at,
 *   started_at, completed_at, urls {get, cancel, stream?}, metrics, data_removed: replicate-python-beta
 *   src/replicate/types/prediction.py (generated from Replicate's OpenAPI spec); metrics.predict_time:
 *   replicate-javascript index.d.ts.
 * - `POST /v1/models/{owner}/{name}/predictions` with `{"input": {...}}`, `Prefer: wait` (sync mode, default 60 s,
 *   returns the current state if the model has not finished): replicate-python-beta resources/models/predictions.py,
 *   replicate.com/docs/topics/predictions/create-a-prediction. `wait=N` format: replicate-javascript lib/predictions.js.
 * - `Cancel-After` ("1m"): `aborted` if the deadline hits before the prediction starts running, `canceled` after;
 *   aborted ones are not charged: replicate.com/changelog/2025-10-16-prediction-deadlines and
 *   replicate.com/docs/topics/predictions/lifecycle (statuses starting, processing, succeeded, failed, canceled,
 *   aborted).
 * - 429 body {"detail":"Request was throttled. Your rate limit resets in ~30s."}:
 *   replicate.com/docs/topics/predictions/rate-limits.
 * - 401 {"title":"Unauthenticated","detail":"You did not pass an authentication token","status":401} and "...a valid
 *   authentication token" for a wrong one: replicate/replicate-python#47, replicate/comfyui-replicate#7.
 * - 402 {"title":"Billing required","detail":"You need to set up billing ...","status":402}:
 *   replicate/replicate-javascript#342.
 * - 404 {"detail":"The requested resource could not be found.","status":404} for an unknown model path:
 *   replicate/replicate-javascript#347.
 * - Error text "Prediction interrupted; please retry (code: PA)": replicate/cog-whisper#1.
 * - List pages {previous, next, results}, newest first, cursor URLs: replicate-javascript index.d.ts (Page),
 *   replicate-python-beta pagination.py.
 * - Files: multipart parts content, filename, type, metadata; object {id, checksums {sha256}, content_type,
 *   created_at, expires_at, metadata, size, urls {get}}; `GET /v1/files/{id}` returns that object and the bytes
 *   live at `/v1/files/{id}/download` (signed query on Replicate): replicate-python-beta resources/files.py and
 *   types/file_create_response.py.
 *
 * Assumed, not confirmed:
 * - The E005 text, the 422 body ({"title":"Input validation failed","detail":"- input: prompt is required",
 *   "invalid_fields":[...]}), the 500/503 bodies, the 400 for a malformed Cancel-After or body.
 * - A `Retry-After` header on 429 (the docs show only the body); `status` in the 429 body.
 * - That input_image is required (it is optional on the real model; Troupe always sends one).
 * - flux-kontext-pro's output is one URL string; `urls.web`; billing is per output image, so only `succeeded`
 *   bills (the deadlines changelog says time-billed public models also charge `canceled`; that is not modelled).
 * - Outputs gone after expiry answer 404 and the prediction shows `data_removed: true` and `output: null`.
 * - Files expire 24 h after upload; `name`/`etag` fields; `md5` in checksums.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getAccount, getModel } from './account-routes.js';
import { createPrediction } from './create-prediction-route.js';
import type { FakeContext, RecordedRequest } from './fake-context.js';
import { createFakeScript, type FakeScript } from './fake-script.js';
import { downloadFile, downloadOutput, getFile, uploadFile } from './file-routes.js';
import { FileStore } from './file-store.js';
import { readBody, sendProblem } from './http-io.js';
import { OutputImages } from './output-images.js';
import { cancelPrediction, getPrediction, listPredictions } from './prediction-routes.js';
import { PredictionStore } from './prediction-store.js';
import { predictionView, type PredictionView } from './prediction-view.js';

export interface FakeReplicateOptions {
  /** Scripted time in ms since the epoch; pass a FakeClock's `now` to move predictions without sleeping. */
  readonly now?: () => number;
  readonly script?: Partial<FakeScript>;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
}

export interface FakeReplicate {
  /** The API root, e.g. "http://127.0.0.1:PORT/v1": what a client uses instead of https://api.replicate.com/v1. */
  readonly baseUrl: string;
  /** Behaviour; mutate it between calls to change what the next calls see. */
  readonly script: FakeScript;
  /** Every prediction ever created, oldest first, as it stands at the fake's `now`. */
  readonly predictions: readonly PredictionView[];
  /** Every request received, oldest first. */
  readonly requests: readonly RecordedRequest[];
  billedCount(): number;
  /** The bill: every billed prediction at the script's price, micro-dollars. What a job's spend must equal. */
  billedMicroUsd(): number;
  createdCount(): number;
  /** Removes every output that exists now: downloads answer 404 and predictions show `data_removed`. */
  expireOutputs(): void;
  close(): Promise<void>;
}

const RECORDED_HEADERS = ['authorization', 'prefer', 'cancel-after', 'content-type', 'accept', 'user-agent'];

export async function startFakeReplicate(options: FakeReplicateOptions = {}): Promise<FakeReplicate> {
  const requests: RecordedRequest[] = [];
  const partial: Omit<FakeContext, 'baseUrl' | 'origin'> = {
    script: createFakeScript(options.script),
    predictions: new PredictionStore(),
    files: new FileStore(),
    images: new OutputImages(),
    now: options.now ?? Date.now,
    requests,
    createCalls: { count: 0 },
  };
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const context: FakeContext = { ...partial, origin, baseUrl: `${origin}/v1` };
  // Attached only now: no client can know the port before listen() resolves, so none is missed.
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    handle(context, req, res).catch((error: unknown) => {
      if (!res.headersSent) sendProblem(res, 500, { title: 'Fake failure', detail: String(error) });
      else res.destroy();
    });
  });

  const views = () => context.predictions.all().map((p) => predictionView(context, p));
  return {
    baseUrl: context.baseUrl,
    script: context.script,
    get predictions() {
      return views();
    },
    requests,
    billedCount: () => views().filter((view) => view.isBilled).length,
    billedMicroUsd: () => views().filter((view) => view.isBilled).length * context.script.priceMicroUsd,
    createdCount: () => context.predictions.all().length,
    expireOutputs: () => {
      for (const prediction of context.predictions.all()) prediction.isOutputExpired = true;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

async function handle(ctx: FakeContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', ctx.origin);
  const method = req.method ?? 'GET';
  const body = await readBody(req);
  ctx.requests.push(record(req, method, url, body));
  const path = url.pathname;
  let match: RegExpExecArray | null;

  if (method === 'POST' && (match = /^\/v1\/models\/([^/]+)\/([^/]+)\/predictions$/.exec(path))) {
    return createPrediction(ctx, req, res, `${match[1]}/${match[2]}`, body);
  }
  if (method === 'GET' && path === '/v1/predictions') return listPredictions(ctx, req, res, url);
  if (method === 'GET' && path === '/v1/account') return getAccount(ctx, req, res);
  if (method === 'GET' && (match = /^\/v1\/models\/([^/]+)\/([^/]+)$/.exec(path)))
    return getModel(ctx, req, res, `${match[1]}/${match[2]}`);
  if (method === 'GET' && (match = /^\/v1\/predictions\/([^/]+)$/.exec(path))) {
    return getPrediction(ctx, req, res, match[1] ?? '');
  }
  if (method === 'POST' && (match = /^\/v1\/predictions\/([^/]+)\/cancel$/.exec(path))) {
    return cancelPrediction(ctx, req, res, match[1] ?? '');
  }
  if (method === 'POST' && path === '/v1/files') return uploadFile(ctx, req, res, body);
  if (method === 'GET' && (match = /^\/v1\/files\/([^/]+)$/.exec(path))) return getFile(ctx, req, res, match[1] ?? '');
  if (method === 'GET' && (match = /^\/v1\/files\/([^/]+)\/download$/.exec(path))) {
    return downloadFile(ctx, req, res, match[1] ?? '');
  }
  if (method === 'GET' && (match = /^\/files\/out\/([^/]+)\.jpg$/.exec(path))) {
    return downloadOutput(ctx, res, match[1] ?? '');
  }
  sendProblem(res, 404, { detail: 'The requested resource could not be found.' });
}

function record(req: IncomingMessage, method: string, url: URL, body: Buffer): RecordedRequest {
  const headers: Record<string, string> = {};
  for (const name of RECORDED_HEADERS) {
    const value = req.headers[name];
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return {
    method,
    path: url.pathname + url.search,
    headers,
    body: recordedBody(headers, body),
    bodySizeBytes: body.length,
  };
}

function recordedBody(headers: Readonly<Record<string, string>>, body: Buffer): unknown {
  if (body.length === 0 || /multipart/i.test(headers['content-type'] ?? '')) return undefined;
  const text = body.toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
