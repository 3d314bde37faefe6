import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import type { StoredEvent, TroupeEvent } from '../../../app/ports.js';
import { parseActorId } from '../../../domain/actors/actor-id.js';
import type { GenerationJob } from '../../../domain/generation/job.js';
import type { HttpDeps } from '../http-deps.js';
import { attemptJson, imageJson, jobJson } from '../json.js';
import { ErrorSchema } from '../schemas.js';
import { validationHook } from '../validation-hook.js';

const KEEPALIVE_MS = 15_000;
/** Events held for one slow client at most; past that it is disconnected and replays the gap when it reconnects. */
export const MAX_PENDING_EVENTS = 1000;
const REPLAY_BATCH = 500;

const STREAM_DESCRIPTION =
  'Server-Sent Events, each with the id of its row in the event log: `job` (a Job), `attempt` (an Attempt), ' +
  '`warning` ({jobId, message}), `image` ({actorId, image: Image}), `image-deleted` ({actorId, imageId, type}). ' +
  'Reconnecting with Last-Event-ID replays exactly the events after it, from any server on the same database; ' +
  'without one, or when that id is no longer kept, the stream starts with a snapshot (events without an id).';
const sseResponse = { content: { 'text/event-stream': { schema: z.string() } }, description: STREAM_DESCRIPTION };
const LastEventIdHeader = z.object({ 'last-event-id': z.string().optional() });

/**
 * Live progress as Server-Sent Events, from this server's tail of the shared event log: jobs run by the CLI or by
 * another process appear as they run. A reconnect with Last-Event-ID replays the gap from the log's rows.
 */
export function eventRoutes(deps: HttpDeps): OpenAPIHono {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  app.openapi(
    createRoute({
      method: 'get',
      path: '/jobs/{id}/events',
      request: { params: z.object({ id: z.string() }), headers: LastEventIdHeader },
      responses: {
        200: sseResponse,
        404: { content: { 'application/json': { schema: ErrorSchema } }, description: 'No such job' },
      },
    }),
    async (c) => {
      const job = await deps.troupe.getJobOrThrow(c.req.valid('param').id);
      const snapshot = async (sse: SSEStreamingApi) => {
        await sendJob(sse, await deps.troupe.getJobOrThrow(job.id));
        for (const attempt of await deps.troupe.listAttempts(job.id))
          await sse.writeSSE({ event: 'attempt', data: JSON.stringify(attemptJson(attempt)) });
      };
      return stream(c, deps, (event) => jobIdOf(event) === job.id, snapshot);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/events',
      request: {
        query: z.object({ actorId: z.string().optional().openapi({ description: "Only this actor's events" }) }),
        headers: LastEventIdHeader,
      },
      responses: {
        200: sseResponse,
        400: { content: { 'application/json': { schema: ErrorSchema } }, description: 'Invalid actor id' },
      },
    }),
    async (c) => {
      const rawActorId = c.req.valid('query').actorId;
      const actorId = rawActorId === undefined ? undefined : parseActorId(rawActorId);
      // The snapshot is the unfinished jobs only, without their attempts: a page loads those for the jobs it opens.
      const snapshot = async (sse: SSEStreamingApi) => {
        for (const job of await activeJobs(deps, actorId)) await sendJob(sse, job);
      };
      return stream(c, deps, (event) => actorId === undefined || actorIdOf(event) === actorId, snapshot);
    },
  );
  return app;
}

async function activeJobs(deps: HttpDeps, actorId: string | undefined): Promise<GenerationJob[]> {
  const filter = actorId === undefined ? {} : { actorId: parseActorId(actorId) };
  const [queued, processing] = await Promise.all([
    deps.troupe.listJobs({ ...filter, status: 'queued' }),
    deps.troupe.listJobs({ ...filter, status: 'processing' }),
  ]);
  return [...queued, ...processing].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}

function stream(
  c: Parameters<typeof streamSSE>[0],
  deps: HttpDeps,
  isWanted: (event: TroupeEvent) => boolean,
  snapshot: (sse: SSEStreamingApi) => Promise<void>,
) {
  const lastEventId = parseEventId(c.req.header('last-event-id'));
  const { log, tail } = deps.events;
  return streamSSE(c, async (sse) => {
    const pending: StoredEvent[] = [];
    let isOverflowing = false;
    let wake: (() => void) | undefined;
    // Listening starts before the replay or snapshot is read, so nothing falls between them; repeats are skipped.
    const startedAt = tail.position;
    const unsubscribe = tail.subscribe((stored) => {
      if (!isWanted(stored.event)) return;
      if (pending.length >= MAX_PENDING_EVENTS) isOverflowing = true;
      else pending.push(stored);
      wake?.();
    });
    sse.onAbort(() => {
      unsubscribe();
      wake?.();
    });
    try {
      let sentId = await replay(sse, log, lastEventId, isWanted);
      if (sentId === undefined) {
        await snapshot(sse);
        sentId = startedAt;
        // A bare id line sets the client's Last-Event-ID, so a reconnect replays from here instead of snapshotting.
        if (sentId > 0) await sse.write(`id: ${sentId}\n\n`);
      }
      while (!sse.aborted && !isOverflowing) {
        const next = pending.shift();
        if (next) {
          if (next.id > sentId) await send(sse, next);
          sentId = Math.max(sentId, next.id);
          continue;
        }
        await waitForEvents(sse, (resolve) => {
          wake = resolve;
        });
        wake = undefined;
      }
    } finally {
      unsubscribe();
    }
  });
}

/** Replays the events after `lastId`; undefined when there is no id, or the events after it are no longer kept. */
async function replay(
  sse: SSEStreamingApi,
  log: HttpDeps['events']['log'],
  lastId: number | undefined,
  isWanted: (event: TroupeEvent) => boolean,
): Promise<number | undefined> {
  if (lastId === undefined) return undefined;
  const { oldestId, latestId } = await log.bounds();
  const isKept = lastId <= latestId && (oldestId === null ? lastId === latestId : lastId >= oldestId - 1);
  if (!isKept) return undefined;
  let cursor = lastId;
  while (cursor < latestId && !sse.aborted) {
    const { events, lastId: read } = await log.readAfter(cursor, REPLAY_BATCH);
    for (const stored of events) if (stored.id <= latestId && isWanted(stored.event)) await send(sse, stored);
    if (read === cursor) break;
    cursor = read;
  }
  return Math.max(cursor, lastId);
}

async function waitForEvents(sse: SSEStreamingApi, setWake: (resolve: () => void) => void): Promise<void> {
  let isWoken = false;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, KEEPALIVE_MS);
    setWake(() => {
      isWoken = true;
      clearTimeout(timer);
      resolve();
    });
  });
  if (!isWoken && !sse.aborted) await sse.write(': keepalive\n\n');
}

function parseEventId(raw: string | undefined): number | undefined {
  if (raw === undefined || !/^\d{1,15}$/.test(raw.trim())) return undefined;
  return Number(raw.trim());
}

async function sendJob(sse: SSEStreamingApi, job: GenerationJob): Promise<void> {
  await sse.writeSSE({ event: 'job', data: JSON.stringify(jobJson(job)) });
}

async function send(sse: SSEStreamingApi, stored: StoredEvent): Promise<void> {
  const id = String(stored.id);
  const { event } = stored;
  if (event.type === 'job.updated') await sse.writeSSE({ id, event: 'job', data: JSON.stringify(jobJson(event.job)) });
  else if (event.type === 'attempt.updated')
    await sse.writeSSE({ id, event: 'attempt', data: JSON.stringify(attemptJson(event.attempt)) });
  else if (event.type === 'image.added') {
    const data = { actorId: event.actorId, image: imageJson(event.image) };
    await sse.writeSSE({ id, event: 'image', data: JSON.stringify(data) });
  } else if (event.type === 'image.deleted') {
    const data = { actorId: event.actorId, imageId: event.imageId, type: event.imageType };
    await sse.writeSSE({ id, event: 'image-deleted', data: JSON.stringify(data) });
  } else {
    const warning = { jobId: event.jobId, message: event.message };
    await sse.writeSSE({ id, event: 'warning', data: JSON.stringify(warning) });
  }
}

function actorIdOf(event: TroupeEvent): string {
  return event.type === 'job.updated' ? event.job.actorId : event.actorId;
}

function jobIdOf(event: TroupeEvent): string | undefined {
  if (event.type === 'job.updated') return event.job.id;
  if (event.type === 'image.added') return event.image.jobId ?? undefined;
  if (event.type === 'image.deleted') return undefined;
  return event.jobId;
}
