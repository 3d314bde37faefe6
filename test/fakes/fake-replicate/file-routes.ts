/**
 * Uploaded files (`POST /v1/files`, `GET /v1/files/{id}`, `GET /v1/files/{id}/download`) and prediction outputs
 * (`GET /files/out/{id}.jpg`, unauthenticated like Replicate's delivery URLs).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleepReal } from 'node:timers/promises';
import { isAuthorized, isScriptedGetError, type FakeContext } from './fake-context.js';
import { decideOutputFault } from './fake-script.js';
import { toFileJson } from './file-store.js';
import { headerOf, sendJson, sendProblem } from './http-io.js';
import { boundaryOf, parseMultipart, type FormPart } from './multipart.js';
import { damage, seedOf } from './output-images.js';
import { isOutputGone } from './prediction-json.js';
import { stateAt } from './prediction-timeline.js';

const NOT_FOUND = { detail: 'The requested resource could not be found.' } as const;

export function uploadFile(ctx: FakeContext, req: IncomingMessage, res: ServerResponse, rawBody: Buffer): void {
  if (!isAuthorized(ctx, req, res)) return;
  const boundary = boundaryOf(headerOf(req, 'content-type'));
  const parts = boundary === undefined ? [] : parseMultipart(rawBody, boundary);
  const content = parts.find((part) => part.name === 'content');
  if (!content) {
    sendProblem(res, 400, {
      title: 'Invalid request',
      detail: 'Send multipart/form-data with the file bytes in a part named "content".',
    });
    return;
  }
  const metadata = metadataOf(parts);
  if (!metadata.isValid) {
    sendProblem(res, 400, { title: 'Invalid metadata', detail: 'The "metadata" part must be valid JSON.' });
    return;
  }
  const file = ctx.files.create({
    name: textPart(parts, 'filename') ?? content.filename ?? 'file',
    contentType: textPart(parts, 'type') ?? content.contentType ?? 'application/octet-stream',
    bytes: content.data,
    metadata: metadata.value,
    createdAtMs: ctx.now(),
  });
  sendJson(res, 201, toFileJson(file, ctx.baseUrl));
}

export function getFile(ctx: FakeContext, req: IncomingMessage, res: ServerResponse, id: string): void {
  if (isScriptedGetError(ctx, res) || !isAuthorized(ctx, req, res)) return;
  const file = ctx.files.get(id);
  if (file) sendJson(res, 200, toFileJson(file, ctx.baseUrl));
  else sendProblem(res, 404, NOT_FOUND);
}

/** The bytes. Replicate signs download URLs; the fake accepts the API token instead. */
export function downloadFile(ctx: FakeContext, req: IncomingMessage, res: ServerResponse, id: string): void {
  if (!isAuthorized(ctx, req, res)) return;
  const file = ctx.files.get(id);
  if (!file) {
    sendProblem(res, 404, NOT_FOUND);
    return;
  }
  res.writeHead(200, { 'content-type': file.contentType, 'content-length': file.bytes.length });
  res.end(file.bytes);
}

/**
 * A succeeded prediction's image. Scripted faults apply here: truncated or corrupt bytes, a stall halfway through
 * the body (`outputDelayMs`), and 404 once the output has expired.
 */
export async function downloadOutput(ctx: FakeContext, res: ServerResponse, predictionId: string): Promise<void> {
  const prediction = ctx.predictions.get(predictionId);
  const state = prediction ? stateAt(prediction.timeline, ctx.now()) : undefined;
  if (!prediction || !state || state.status !== 'succeeded' || isOutputGone(ctx, prediction, state)) {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('Not found');
    return;
  }
  const jpeg = await ctx.images.jpegFor(seedOf(prediction.input, prediction.n));
  // A truncated body is sent whole with an honest length: the transfer succeeds and the client must notice that
  // the image itself is broken, which is the failure this fault exists to exercise.
  prediction.downloads += 1;
  const fault = decideOutputFault(ctx.script, prediction.input, prediction.n, prediction.downloads);
  const bytes = damage(jpeg, fault);
  res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': bytes.length });
  if (fault === 'reset') {
    // The whole length is declared and half is sent: the transfer itself breaks off.
    res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => res.destroy());
    return;
  }
  const delayMs = ctx.script.outputDelayMs;
  if (delayMs <= 0) {
    res.end(bytes);
    return;
  }
  const half = Math.floor(bytes.length / 2);
  res.write(bytes.subarray(0, half));
  await sleepReal(delayMs);
  if (!res.destroyed) res.end(bytes.subarray(half));
}

function textPart(parts: readonly FormPart[], name: string): string | undefined {
  const part = parts.find((p) => p.name === name);
  return part === undefined ? undefined : part.data.toString('utf8');
}

/** `{}` when absent, the parsed JSON when valid; invalid when present but not JSON. */
function metadataOf(parts: readonly FormPart[]): { readonly isValid: boolean; readonly value: unknown } {
  const text = textPart(parts, 'metadata');
  if (text === undefined || text.trim() === '') return { isValid: true, value: {} };
  try {
    return { isValid: true, value: JSON.parse(text) as unknown };
  } catch {
    return { isValid: false, value: undefined };
  }
}
