import { Hono } from 'hono';
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import type { LoggedEvent } from '../../../app/events/event-log.js';
import type { TroupeEvent } from '../../../app/ports.js';
import { parseActorId } from '../../../domain/actors/actor-id.js';
import type { HttpDeps } from '../http-deps.js';
import { attemptJson, jobJson } from '../json.js';

const KEEPALIVE_MS = 15_000;

/**
 * Live progress as Server-Sent Events: `job` events carry a Job, `attempt` events an Attempt, each with an id. A
 * client reconnecting with Last-Event-ID gets what it missed; when that is no longer known it gets a fresh snapshot.
 */
export function eventRoutes(deps: HttpDeps): Hono {
  const app = new Hono();
  app.get('/jobs/:id/events', async (c) => {
    const job = await deps.troupe.getJobOrThrow(c.req.param('id'));
    return stream(c, deps, (event) => jobIdOf(event) === job.id, [job.id]);
  });
  app.get('/events', async (c) => {
    const rawActorId = c.req.query('actorId');
    const actorId = rawActorId === undefined ? undefined : parseActorId(rawActorId);
    const active = (await deps.troupe.listJobs({ actorId })).filter(
      (j) => j.status === 'queued' || j.status === 'processing',
    );
    return stream(
      c,
      deps,
      (event) => actorId === undefined || actorIdOf(event) === actorId,
      active.map((j) => j.id),
    );
  });
  return app;
}

function stream(
  c: Parameters<typeof streamSSE>[0],
  deps: HttpDeps,
  isWanted: (event: TroupeEvent) => boolean,
  snapshotJobIds: readonly string[],
) {
  const lastEventId = c.req.header('last-event-id');
  return streamSSE(c, async (sse) => {
    const pending: LoggedEvent[] = [];
    let wake: (() => void) | undefined;
    const unsubscribe = deps.events.subscribe((logged) => {
      if (!isWanted(logged.event)) return;
      pending.push(logged);
      wake?.();
    });
    sse.onAbort(() => {
      unsubscribe();
      wake?.();
    });
    const missed = lastEventId === undefined ? undefined : deps.events.since(lastEventId);
    if (missed) for (const logged of missed.filter((l) => isWanted(l.event))) await send(sse, logged);
    else await sendSnapshot(sse, deps, snapshotJobIds);
    while (!sse.aborted) {
      const next = pending.shift();
      if (next) {
        await send(sse, next);
        continue;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, KEEPALIVE_MS);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
      if (pending.length === 0 && !sse.aborted) await sse.write(': keepalive\n\n');
    }
    unsubscribe();
  });
}

async function sendSnapshot(sse: SSEStreamingApi, deps: HttpDeps, jobIds: readonly string[]): Promise<void> {
  for (const id of jobIds) {
    const job = await deps.troupe.getJobOrThrow(id);
    await sse.writeSSE({ event: 'job', data: JSON.stringify(jobJson(job)) });
    for (const attempt of await deps.troupe.listAttempts(id))
      await sse.writeSSE({ event: 'attempt', data: JSON.stringify(attemptJson(attempt)) });
  }
}

async function send(sse: SSEStreamingApi, logged: LoggedEvent): Promise<void> {
  const { event } = logged;
  if (event.type === 'job.updated')
    await sse.writeSSE({ id: logged.id, event: 'job', data: JSON.stringify(jobJson(event.job)) });
  else if (event.type === 'attempt.updated')
    await sse.writeSSE({ id: logged.id, event: 'attempt', data: JSON.stringify(attemptJson(event.attempt)) });
  else {
    const warning = { jobId: event.jobId, message: event.message };
    await sse.writeSSE({ id: logged.id, event: 'warning', data: JSON.stringify(warning) });
  }
}

function actorIdOf(event: TroupeEvent): string {
  return event.type === 'job.updated' ? event.job.actorId : event.actorId;
}

function jobIdOf(event: TroupeEvent): string {
  return event.type === 'job.updated' ? event.job.id : event.jobId;
}
