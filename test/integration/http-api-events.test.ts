import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../src/app/ports.js';
import type { GenerationJob } from '../../src/domain/generation/job.js';
import { MAX_PENDING_EVENTS } from '../../src/interfaces/http/routes/event-routes.js';
import { AttemptSchema, ImageSchema, JobSchema } from '../../src/interfaces/http/schemas.js';
import {
  createTestHttp,
  readSse,
  SseReader,
  TEST_TAIL_POLL_MS,
  useTestHttp,
  type SseEvent,
  type TestHttp,
} from '../support/test-http.js';
import {
  ACTOR_ID,
  addTestActor,
  generate,
  openTestTroupe,
  removeTestTroupe,
  type TestTroupe,
} from '../support/test-troupe.js';

const openHttp = useTestHttp();

/** A job that ran to its end: every event it published is a row of the event log. */
let shared: TestHttp;
let finished: GenerationJob;
let logged: StoredEvent[];
beforeAll(async () => {
  const t = await openTestTroupe();
  await addTestActor(t);
  shared = await createTestHttp(t);
  finished = await generate(t, { count: 3, scenario: 'perfect' });
  await t.bus.flush();
  logged = (await t.eventLog.readAfter(0, 10_000)).events;
});
afterAll(async () => {
  await shared.tail.stop();
  await removeTestTroupe(shared.t);
});

const openStream = (h: TestHttp, url: string, lastEventId?: string) =>
  Promise.resolve(h.app.request(url, { headers: lastEventId === undefined ? {} : { 'Last-Event-ID': lastEventId } }));
const SSE_NAMES: Record<StoredEvent['event']['type'], string> = {
  'job.updated': 'job',
  'attempt.updated': 'attempt',
  'mirror.unavailable': 'warning',
  'image.added': 'image',
  'image.deleted': 'image-deleted',
};
const asSse = (l: StoredEvent) => ({ id: String(l.id), event: SSE_NAMES[l.event.type] });
const ofJob = (jobId: string) => (l: StoredEvent) =>
  l.event.type === 'job.updated'
    ? l.event.job.id === jobId
    : l.event.type === 'image.added'
      ? l.event.image.jobId === jobId
      : l.event.type !== 'image.deleted' && l.event.jobId === jobId;

/** A snapshot: the job (no id), then each attempt (no id). */
function expectSnapshot(events: readonly SseEvent[], job: GenerationJob): void {
  expect(events[0]).toMatchObject({ event: 'job', id: undefined });
  expect(JobSchema.parse(JSON.parse(events[0]!.data))).toMatchObject({
    id: job.id,
    status: job.status,
    currentAttempt: job.currentAttempt,
  });
  const attempts = events.slice(1).map((e) => ({ ...e, attempt: AttemptSchema.parse(JSON.parse(e.data)) }));
  expect(attempts.map((a) => [a.event, a.id, a.attempt.jobId, a.attempt.number])).toEqual(
    Array.from({ length: job.currentAttempt }, (_, i) => ['attempt', undefined, job.id, i + 1]),
  );
}

/** Another process on the same data directory, as `troupe generate` in a terminal is. */
async function otherProcess(h: TestHttp): Promise<TestTroupe> {
  return openTestTroupe({ dataDir: h.t.dataDir, clock: h.t.clock });
}

describe('the event log', () => {
  it('holds every event of the job as a row, ids increasing, image events among them', () => {
    const ids = logged.map((l) => l.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    expect(logged.filter((l) => l.event.type === 'image.added')).toHaveLength(3);
    const last = logged.filter((l) => l.event.type === 'job.updated').at(-1)!.event;
    expect(last.type === 'job.updated' && last.job.status).toBe('completed');
  });
});

describe('GET /api/jobs/{id}/events (Server-Sent Events)', () => {
  it('starts with a snapshot of a finished job: the job, then its attempts', async () => {
    const res = await openStream(shared, `/api/jobs/${finished.id}/events`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = await readSse(res, 1 + finished.currentAttempt);
    expectSnapshot(events, finished);
    expect(JobSchema.parse(JSON.parse(events[0]!.data)).status).toBe('completed');
  });

  it('with a known Last-Event-ID, replays exactly the events after it, in order', async () => {
    const ofFinished = logged.filter(ofJob(finished.id));
    expect(ofFinished.length).toBeGreaterThan(4);
    const middle = ofFinished[Math.floor(ofFinished.length / 2)]!;
    const expected = ofFinished.filter((l) => l.id > middle.id);
    const res = await openStream(shared, `/api/jobs/${finished.id}/events`, String(middle.id));
    const events = await readSse(res, expected.length);
    expect(events.map((e) => ({ id: e.id, event: e.event }))).toEqual(expected.map(asSse));
    const last = events.filter((e) => e.event === 'job').at(-1)!;
    expect(JobSchema.parse(JSON.parse(last.data))).toMatchObject({ status: 'completed', completedImages: 3 });
  });

  it.each([
    ['another database (the future)', '999999'],
    ['garbage', 'not-an-id'],
  ])('with a Last-Event-ID from %s, sends a fresh snapshot instead', async (_, lastEventId) => {
    const res = await openStream(shared, `/api/jobs/${finished.id}/events`, lastEventId);
    expectSnapshot(await readSse(res, 1 + finished.currentAttempt), finished);
  });

  it('streams live events: a queued job snapshot, then the update its cancel publishes, with its row id', async () => {
    const h = await openHttp();
    await addTestActor(h.t);
    const job = await h.t.troupe.createJob({ actorId: ACTOR_ID, count: 2 });
    const stream = new SseReader(await openStream(h, `/api/jobs/${job.id}/events`));
    const snapshot = await stream.take(1);
    await h.t.troupe.cancelJob(job.id);
    const [live] = await stream.take(1);
    await stream.close();
    expect(snapshot[0]).toMatchObject({ event: 'job', id: undefined });
    expect(JobSchema.parse(JSON.parse(snapshot[0]!.data)).status).toBe('queued');
    const rows = (await h.t.eventLog.readAfter(0, 100)).events;
    expect(live).toMatchObject({ event: 'job', id: String(rows.at(-1)!.id) });
    expect(JobSchema.parse(JSON.parse(live!.data))).toMatchObject({ status: 'canceled', isCancelRequested: true });
  });

  it("streams another process's events: a cancel made by a second Troupe on the same data dir arrives at the next poll", async () => {
    const h = await openHttp();
    await addTestActor(h.t);
    const job = await h.t.troupe.createJob({ actorId: ACTOR_ID, count: 2 });
    const stream = new SseReader(await openStream(h, '/api/events?actorId=' + ACTOR_ID));
    await stream.take(1);
    const cli = await otherProcess(h);
    try {
      await cli.troupe.cancelJob(job.id);
      await cli.bus.flush();
      const arrived = stream.take(1);
      h.t.clock.advance(TEST_TAIL_POLL_MS);
      const [live] = await arrived;
      expect(JobSchema.parse(JSON.parse(live!.data))).toMatchObject({ id: job.id, status: 'canceled' });
    } finally {
      await stream.close();
      await cli.close();
    }
  });

  it('replays the gap on a reconnect to another server process on the same database', async () => {
    const h = await openHttp();
    await addTestActor(h.t);
    const second = await createTestHttp(await otherProcess(h));
    try {
      const job = await h.t.troupe.createJob({ actorId: ACTOR_ID, count: 2, providerOptions: { scenario: 'perfect' } });
      const first = new SseReader(await openStream(h, `/api/events?actorId=${ACTOR_ID}`));
      await first.take(1);
      const run = h.t.clock.runUntil(h.t.troupe.runJob(job.id, { owner: h.t.owner }));
      const seen = await first.take(3);
      await first.close();
      await run;
      await h.t.bus.flush();
      const all = (await h.t.eventLog.readAfter(0, 1000)).events;
      const lastSeen = Number(seen.at(-1)!.id);
      const gap = all.filter((l) => l.id > lastSeen);
      const res = await openStream(second, `/api/events?actorId=${ACTOR_ID}`, String(lastSeen));
      const replayed = await readSse(res, gap.length);
      expect(replayed.map((e) => ({ id: e.id, event: e.event }))).toEqual(gap.map(asSse));
      expect(JobSchema.parse(JSON.parse(replayed.filter((e) => e.event === 'job').at(-1)!.data)).status).toBe(
        'completed',
      );
    } finally {
      await second.tail.stop();
      await second.t.close();
    }
  });

  it('sends a snapshot when the events after the Last-Event-ID were trimmed', async () => {
    const h = await openHttp();
    await addTestActor(h.t);
    const job = await h.t.troupe.createJob({ actorId: ACTOR_ID, count: 2 });
    await h.t.troupe.cancelJob(job.id);
    await h.t.bus.flush();
    h.t.clock.advance(60_000);
    const again = await h.t.troupe.createJob({ actorId: ACTOR_ID, count: 2 });
    await h.t.troupe.cancelJob(again.id);
    await h.t.bus.flush();
    const trimmed = await h.t.eventLog.trimBefore(new Date(h.t.clock.now() - 30_000).toISOString());
    expect(trimmed).toBe(1);
    const res = await openStream(h, `/api/jobs/${again.id}/events`, '0');
    const [first] = await readSse(res, 1);
    expect(first).toMatchObject({ event: 'job', id: undefined });
  });
});

describe('GET /api/events (all jobs)', () => {
  it('snapshots only the unfinished jobs, then a bare id so a reconnect replays from there', async () => {
    const h = await openHttp();
    await addTestActor(h.t);
    const done = await h.t.troupe.createJob({ actorId: ACTOR_ID, count: 1 });
    await h.t.troupe.cancelJob(done.id);
    h.t.clock.advance(1000);
    const queued = await h.t.troupe.createJob({ actorId: ACTOR_ID, count: 2 });
    await h.t.bus.flush();
    await h.tail.stop();
    const tail = await createTestHttp(h.t);
    try {
      const res = await openStream(tail, '/api/events');
      expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const reader = res.body!.getReader();
      let text = '';
      while (!text.includes('\n\nid: ')) text += new TextDecoder().decode((await reader.read()).value);
      await reader.cancel();
      const [first] = text.split('\n\n');
      expect(first).toContain('event: job');
      expect(JobSchema.parse(JSON.parse(first!.split('data: ')[1]!))).toMatchObject({
        id: queued.id,
        status: 'queued',
      });
      const latest = (await h.t.eventLog.bounds()).latestId;
      expect(text).toContain(`\n\nid: ${latest}\n\n`);
    } finally {
      await tail.tail.stop();
    }
  });

  it("with ?actorId, snapshots and streams only that actor's jobs and images, and refuses an invalid id", async () => {
    const h = await openHttp();
    await addTestActor(h.t);
    await addTestActor(h.t, '0002_other');
    const first = await h.t.troupe.createJob({ actorId: ACTOR_ID, count: 1 });
    h.t.clock.advance(1000);
    const other = await h.t.troupe.createJob({
      actorId: '0002_other',
      count: 1,
      providerOptions: { scenario: 'perfect' },
    });
    const stream = new SseReader(await openStream(h, '/api/events?actorId=0002_other'));
    const [snapshot] = await stream.take(1);
    await h.t.troupe.cancelJob(first.id);
    await h.t.clock.runUntil(h.t.troupe.runJob(other.id, { owner: h.t.owner }));
    const live: SseEvent[] = [];
    while (!live.some((e) => e.event === 'image')) live.push(...(await stream.take(1)));
    await stream.close();
    expect(JobSchema.parse(JSON.parse(snapshot!.data))).toMatchObject({ id: other.id, status: 'queued' });
    for (const e of live.filter((e) => e.event === 'job')) expect(JSON.parse(e.data)).toMatchObject({ id: other.id });
    const image = JSON.parse(live.find((e) => e.event === 'image')!.data) as { actorId: string; image: unknown };
    expect(image.actorId).toBe('0002_other');
    expect(ImageSchema.parse(image.image).jobId).toBe(other.id);
    const bad = await h.app.request('/api/events?actorId=../x');
    expect(bad.status).toBe(400);
  });

  it('holds a bounded buffer for a client that does not read: past it the stream ends, and the client replays', async () => {
    const h = await openHttp();
    await addTestActor(h.t);
    const job = await h.t.troupe.createJob({ actorId: ACTOR_ID, count: 2 });
    const res = await openStream(h, '/api/events');
    const reader = res.body!.getReader();
    await reader.read();
    const message = 'S3 is unreachable.';
    for (let i = 0; i < MAX_PENDING_EVENTS * 3; i += 1)
      h.t.troupe.deps.events.publish({ type: 'mirror.unavailable', jobId: job.id, actorId: job.actorId, message });
    await h.t.bus.flush();
    h.tail.wake();
    let received = 0;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      received += new TextDecoder().decode(value).split('event: warning').length - 1;
    }
    expect(received).toBeGreaterThan(0);
    expect(received).toBeLessThan(MAX_PENDING_EVENTS * 3);
  });
});

describe('warnings', () => {
  it('passes a job warning (S3 unavailable) on to the job stream, with the job it is about', async () => {
    const h = await openHttp();
    await addTestActor(h.t);
    const job = await h.t.troupe.createJob({ actorId: ACTOR_ID, count: 2 });
    const stream = new SseReader(await openStream(h, `/api/jobs/${job.id}/events`));
    await stream.take(1);
    const message = 'Could not upload to s3://bucket/ (unreachable). Run `troupe sync` once S3 is back.';
    h.t.troupe.deps.events.publish({ type: 'mirror.unavailable', jobId: job.id, actorId: job.actorId, message });
    const [warning] = await stream.take(1);
    await stream.close();
    expect(warning).toMatchObject({ event: 'warning' });
    expect(Number(warning!.id)).toBeGreaterThan(0);
    expect(JSON.parse(warning!.data)).toEqual({ jobId: job.id, message });
  });
});
