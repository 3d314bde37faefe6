import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoggedEvent } from '../../src/app/events/event-log.js';
import type { GenerationJob } from '../../src/domain/generation/job.js';
import { AttemptSchema, JobSchema } from '../../src/interfaces/http/schemas.js';
import {
  createTestHttp,
  EVENT_BOOT,
  readSse,
  SseReader,
  useTestHttp,
  type SseEvent,
  type TestHttp,
} from '../support/test-http.js';
import { ACTOR_ID, addTestActor, generate, openTestTroupe, removeTestTroupe } from '../support/test-troupe.js';

const openHttp = useTestHttp();

/** A job that ran to its end while the app's event log listened: every event it published is logged. */
let shared: TestHttp;
let finished: GenerationJob;
let logged: LoggedEvent[];
beforeAll(async () => {
  const t = await openTestTroupe();
  await addTestActor(t);
  shared = createTestHttp(t);
  finished = await generate(t, { count: 3, scenario: 'perfect' });
  logged = shared.events.since(`${EVENT_BOOT}-0`)!;
});
afterAll(() => removeTestTroupe(shared.t));

const openStream = (h: TestHttp, url: string, lastEventId?: string) =>
  Promise.resolve(h.app.request(url, { headers: lastEventId === undefined ? {} : { 'Last-Event-ID': lastEventId } }));
const sequenceOf = (id: string | undefined) => Number(id?.split('-')[1]);
const asSse = (l: LoggedEvent) => ({ id: l.id, event: l.event.type === 'job.updated' ? 'job' : 'attempt' });

/** A snapshot: the job (no id), then each attempt (no id), as `sendSnapshot` writes them. */
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
    expect(logged.length).toBeGreaterThan(4);
    const middle = logged[Math.floor(logged.length / 2)]!;
    const expected = logged.filter((l) => sequenceOf(l.id) > sequenceOf(middle.id));
    const res = await openStream(shared, `/api/jobs/${finished.id}/events`, middle.id);
    const events = await readSse(res, expected.length);
    expect(events.map((e) => ({ id: e.id, event: e.event }))).toEqual(expected.map(asSse));
    expect(sequenceOf(events[0]!.id)).toBe(sequenceOf(middle.id) + 1);
    const sequences = events.map((e) => sequenceOf(e.id));
    expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
    expect(new Set(sequences).size).toBe(sequences.length);
    const last = events.filter((e) => e.event === 'job').at(-1)!;
    expect(JobSchema.parse(JSON.parse(last.data))).toMatchObject({
      id: finished.id,
      status: 'completed',
      completedImages: 3,
    });
  });

  it.each([
    ['another server run', 'zzz-1'],
    ['the future', `${EVENT_BOOT}-999999`],
    ['garbage', 'not-an-id'],
  ])('with a Last-Event-ID from %s, sends a fresh snapshot instead', async (_, lastEventId) => {
    const res = await openStream(shared, `/api/jobs/${finished.id}/events`, lastEventId);
    expectSnapshot(await readSse(res, 1 + finished.currentAttempt), finished);
  });

  it('streams live events: a queued job snapshot, then the update its cancel publishes, with an id', async () => {
    const h = await openHttp();
    await addTestActor(h.t);
    const job = await h.t.troupe.createJob({ actorId: ACTOR_ID, count: 2 });
    const stream = new SseReader(await openStream(h, `/api/jobs/${job.id}/events`));
    const snapshot = await stream.take(1);
    await h.t.troupe.cancelJob(job.id);
    const events = [...snapshot, ...(await stream.take(1))];
    await stream.close();
    expect(events.map((e) => [e.event, e.id])).toEqual([
      ['job', undefined],
      ['job', `${EVENT_BOOT}-1`],
    ]);
    expect(JobSchema.parse(JSON.parse(events[0]!.data)).status).toBe('queued');
    expect(JobSchema.parse(JSON.parse(events[1]!.data))).toMatchObject({
      id: job.id,
      status: 'canceled',
      isCancelRequested: true,
    });
  });
});

describe('warnings', () => {
  it('passes a job warning (S3 unavailable) on to the job stream once, with the job it is about', async () => {
    const h = await openHttp();
    await addTestActor(h.t);
    const job = await h.t.troupe.createJob({ actorId: ACTOR_ID, count: 2 });
    const stream = new SseReader(await openStream(h, `/api/jobs/${job.id}/events`));
    await stream.take(1);
    const message = 'Could not upload to s3://bucket/ (unreachable). Run `troupe sync` once S3 is back.';
    h.t.troupe.deps.events.publish({ type: 'mirror.unavailable', jobId: job.id, actorId: job.actorId, message });
    const [warning] = await stream.take(1);
    await stream.close();
    expect(warning).toMatchObject({ event: 'warning', id: `${EVENT_BOOT}-1` });
    expect(JSON.parse(warning!.data)).toEqual({ jobId: job.id, message });
  });
});

describe('GET /api/events (all jobs)', () => {
  it('snapshots only the unfinished jobs', async () => {
    const h = await openHttp();
    await addTestActor(h.t);
    const done = await h.t.troupe.createJob({ actorId: ACTOR_ID, count: 1 });
    await h.t.troupe.cancelJob(done.id);
    h.t.clock.advance(1000);
    const queued = await h.t.troupe.createJob({ actorId: ACTOR_ID, count: 2 });
    const res = await openStream(h, '/api/events');
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const [first] = await readSse(res, 1);
    expect(first!.event).toBe('job');
    expect(JobSchema.parse(JSON.parse(first!.data))).toMatchObject({ id: queued.id, status: 'queued' });
  });

  it("with ?actorId, snapshots and streams only that actor's jobs, and refuses an invalid id", async () => {
    const h = await openHttp();
    await addTestActor(h.t);
    await addTestActor(h.t, '0002_other');
    const first = await h.t.troupe.createJob({ actorId: ACTOR_ID, count: 1 });
    h.t.clock.advance(1000);
    const other = await h.t.troupe.createJob({ actorId: '0002_other', count: 1 });
    const stream = new SseReader(await openStream(h, '/api/events?actorId=0002_other'));
    const [snapshot] = await stream.take(1);
    await h.t.troupe.cancelJob(first.id);
    await h.t.troupe.cancelJob(other.id);
    const [live] = await stream.take(1);
    await stream.close();
    expect(JobSchema.parse(JSON.parse(snapshot!.data))).toMatchObject({ id: other.id, status: 'queued' });
    expect(live!.id).toBe(`${EVENT_BOOT}-2`);
    expect(JobSchema.parse(JSON.parse(live!.data))).toMatchObject({ id: other.id, status: 'canceled' });
    const bad = await h.app.request('/api/events?actorId=../x');
    expect(bad.status).toBe(400);
  });
});
