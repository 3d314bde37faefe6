import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { OpenAPIHono, z } from '@hono/zod-openapi';
import sharp from 'sharp';
import { afterEach, expect } from 'vitest';
import { InProcessJobQueue } from '../../src/adapters/queue/in-process-job-queue.js';
import { EventTail } from '../../src/app/events/event-tail.js';
import type { JobQueue } from '../../src/app/ports.js';
import { createHttpApp } from '../../src/interfaces/http/http-app.js';
import { ErrorSchema } from '../../src/interfaces/http/schemas.js';
import { httpOptions } from '../../src/main/start-server.js';
import { openTestTroupe, removeTestTroupe, writeBaseImage, type TestTroupe } from './test-troupe.js';

/** The test tail's poll interval on the fake clock: events of another process show up after this much time. */
export const TEST_TAIL_POLL_MS = 1000;

export interface TestHttp {
  readonly t: TestTroupe;
  readonly app: OpenAPIHono;
  /** The app's tail of the shared event log. */
  readonly tail: EventTail;
  /** Job ids handed to the queue, in order. */
  readonly enqueued: readonly string[];
  /** Server errors the app logged (500s); a test that expects none asserts it is empty. */
  readonly loggedErrors: readonly Error[];
  /** Resolves once every job the queue started has ended (the `run` queue only). */
  settle(): Promise<void>;
}

export interface TestHttpOptions {
  /** `record` only notes enqueued ids; `run` runs each job to its end on the test's fake clock. */
  readonly queue?: 'record' | 'run';
  readonly apiKey?: string;
  readonly webRoot?: string;
  readonly env?: Record<string, string>;
}

/** Returns an opener of test apps (each on its own Troupe and temp data dir), all removed after each test. */
export function useTestHttp(): (options?: TestHttpOptions) => Promise<TestHttp> {
  let opened: TestHttp[] = [];
  afterEach(async () => {
    for (const h of opened) {
      await h.tail.stop();
      await removeTestTroupe(h.t).catch(() => undefined);
    }
    opened = [];
  });
  return async (options = {}) => {
    const h = await createTestHttp(await openTestTroupe({ env: options.env }), options);
    opened.push(h);
    return h;
  };
}

/** The HTTP app as `troupe serve` builds it, around a test Troupe. */
export async function createTestHttp(t: TestTroupe, options: TestHttpOptions = {}): Promise<TestHttp> {
  const { logger } = t.troupe.deps;
  const tail = new EventTail(t.eventLog, t.clock, logger, { pollMs: TEST_TAIL_POLL_MS, batchSize: 500 });
  await tail.start();
  t.bus.onStored(() => tail.wake());
  const enqueued: string[] = [];
  const loggedErrors: Error[] = [];
  const runs: Promise<unknown>[] = [];
  const runner = new InProcessJobQueue((id) => {
    const run = t.clock.runUntil(t.troupe.runJob(id, { owner: t.owner }));
    runs.push(run);
    return run;
  }, t.troupe.deps.logger);
  const queue: JobQueue = {
    enqueue: async (id) => {
      enqueued.push(id);
      if (options.queue === 'run') await runner.enqueue(id);
    },
    close: () => runner.close(),
  };
  const app = createHttpApp({
    troupe: t.troupe,
    queue,
    events: { log: t.eventLog, tail },
    options: httpOptions({ apiKey: options.apiKey, webRoot: options.webRoot }),
    logError: (error) => loggedErrors.push(error),
  });
  const settle = async () => {
    while (runner.size() > 0) {
      await Promise.allSettled(runs);
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return { t, app, tail, enqueued, loggedErrors, settle };
}

/** Sends a JSON body (or none) and returns the response. */
export function send(
  app: OpenAPIHono,
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  const init: RequestInit =
    body === undefined
      ? { method, headers }
      : { method, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) };
  return Promise.resolve(app.request(url, init));
}

/** Asserts the status and parses the body with the API's own schema. */
export async function expectJson<T extends z.ZodType>(res: Response, status: number, schema: T): Promise<z.infer<T>> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  return schema.parse(JSON.parse(text));
}

/** Asserts a `{error:{code,message}}` answer and returns its message. */
export async function expectError(res: Response, status: number, code: string, message?: RegExp): Promise<string> {
  const { error } = await expectJson(res, status, ErrorSchema);
  expect(error.code).toBe(code);
  if (message) expect(error.message).toMatch(message);
  return error.message;
}

/** A detailed PNG of the given size (a flat image would be rejected as blank). */
export async function pngOf(width: number, height: number): Promise<Uint8Array<ArrayBuffer>> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#f4a"/><stop offset="1" stop-color="#3af"/></linearGradient></defs>
    <rect width="${width}" height="${height}" fill="url(#g)"/><circle cx="${width / 2}" cy="${height / 3}" r="${width / 5}" fill="#fc9"/></svg>`;
  return new Uint8Array(await sharp(Buffer.from(svg)).png().toBuffer());
}

/** The test suite's usual 640x800 base image, as bytes. */
export async function basePng(t: TestTroupe): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await readFile(await writeBaseImage(t.workDir, 'upload.png')));
}

/** POST /api/actors as the web UI sends it: multipart with the base image as a file field. */
export function uploadActor(app: OpenAPIHono, fields: Record<string, string>, file?: File): Promise<Response> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  if (file) form.set('baseImage', file);
  return Promise.resolve(app.request('/api/actors', { method: 'POST', body: form }));
}

export function pngFile(bytes: Uint8Array<ArrayBuffer>, name = 'face.png'): File {
  return new File([bytes], name, { type: 'image/png' });
}

export function dataPath(t: TestTroupe, ...parts: string[]): string {
  return path.join(t.dataDir, ...parts);
}

export interface SseEvent {
  readonly event: string;
  readonly id: string | undefined;
  readonly data: string;
}

/** A client of a Server-Sent Events response: takes events as they arrive, then leaves. */
export class SseReader {
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();
  private readonly ready: SseEvent[] = [];
  private buffer = '';

  constructor(res: Response) {
    this.reader = res.body!.getReader();
  }

  /** The next `count` events (comments such as keepalives skipped), waiting for them to be written. */
  async take(count: number): Promise<SseEvent[]> {
    while (this.ready.length < count) {
      const { value, done } = await this.reader.read();
      if (done) throw new Error(`The event stream ended after ${this.ready.length} of ${count} events.`);
      this.buffer += this.decoder.decode(value, { stream: true });
      for (let end = this.buffer.indexOf('\n\n'); end >= 0; end = this.buffer.indexOf('\n\n')) {
        const event = parseSseBlock(this.buffer.slice(0, end));
        this.buffer = this.buffer.slice(end + 2);
        if (event) this.ready.push(event);
      }
    }
    return this.ready.splice(0, count);
  }

  /** Disconnects, as a browser closing the page does. */
  close(): Promise<void> {
    return this.reader.cancel();
  }
}

/** The first `count` events of a stream, after which the client leaves. */
export async function readSse(res: Response, count: number): Promise<SseEvent[]> {
  const reader = new SseReader(res);
  try {
    return await reader.take(count);
  } finally {
    await reader.close();
  }
}

function parseSseBlock(block: string): SseEvent | undefined {
  const fields = new Map<string, string[]>();
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const name = line.slice(0, colon);
    fields.set(name, [...(fields.get(name) ?? []), line.slice(colon + 1).replace(/^ /, '')]);
  }
  if (!fields.has('data')) return undefined;
  return {
    event: fields.get('event')?.[0] ?? 'message',
    id: fields.get('id')?.[0],
    data: fields.get('data')!.join('\n'),
  };
}
