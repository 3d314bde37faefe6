import { describe, expect, it } from 'vitest';
import type { ImageMirror } from '../../src/app/ports.js';
import type { GenerationJob } from '../../src/domain/generation/job.js';
import { ACTOR_ID, useTestTroupes, type TestTroupe } from '../support/test-troupe.js';

const setUp = useTestTroupes();
const OTHER = 'elsewhere:4242:zz';

const iso = (ms: number) => new Date(ms).toISOString();

function startJob(t: TestTroupe, count: number): Promise<GenerationJob> {
  return t.troupe.createJob({ actorId: ACTOR_ID, count, providerOptions: { scenario: 'perfect' } });
}

/** What a process sees of the job's rows: compared before and after, to show nothing more was written. */
async function rowsOf(t: TestTroupe, jobId: string) {
  return {
    job: await t.troupe.getJobOrThrow(jobId),
    attempts: await t.troupe.listAttempts(jobId),
    images: await t.troupe.listImages(ACTOR_ID as never),
  };
}

/**
 * Runs `meanwhile` right after cancel's first look at the job, if it looks before it writes: what another process
 * could do between a read and a write. A cancel that is one conditional update gives it no such moment.
 */
function betweenCancelReadAndWrite(t: TestTroupe, meanwhile: (jobId: string) => Promise<unknown>): () => void {
  const { jobs } = t.troupe.deps;
  const realGet = jobs.get.bind(jobs);
  const realRequest = jobs.requestCancel.bind(jobs);
  let hasWritten = false;
  let hasRun = false;
  jobs.requestCancel = (...args) => {
    hasWritten = true;
    return realRequest(...args);
  };
  jobs.get = async (id) => {
    const seen = await realGet(id);
    if (!hasWritten && !hasRun) {
      hasRun = true;
      await meanwhile(id);
    }
    return seen;
  };
  return () => {
    jobs.get = realGet;
    jobs.requestCancel = realRequest;
  };
}

describe('job claims between processes', () => {
  it('a process that lost its claim stops writing: attempts in flight save nothing, and its end leaves the new owner its claim', async () => {
    const t = await setUp();
    const job = await startJob(t, 6);
    let started = 0;
    t.troupe.deps.events.subscribe((event) => {
      if (event.type === 'attempt.updated' && event.attempt.status === 'pending') started += 1;
    });
    const run = t.troupe.runJob(job.id, { owner: t.owner });
    run.catch(() => undefined);
    await t.clock.runWhile(() => started < 3);
    await t.clock.runUntil(t.clock.sleep(500)); // runs take 1-4 s: all still in flight
    const running = (await t.troupe.listAttempts(job.id)).filter((a) => a.status === 'running');
    expect(running.length).toBeGreaterThan(0);
    // This process stalled past its lease and another took the job over.
    const now = t.clock.now();
    expect(await t.troupe.deps.jobs.claim(job.id, OTHER, iso(now), iso(now + 60_000), t.owner)).toBe(true);
    const before = await rowsOf(t, job.id);

    const error = await t.clock.runUntil(
      run.then(
        () => undefined,
        (e: unknown) => e,
      ),
    );

    expect(error).toMatchObject({ code: 'JOB_CLAIMED' });
    const after = await rowsOf(t, job.id);
    expect(after.attempts).toEqual(before.attempts);
    expect(after.images).toEqual(before.images);
    expect(after.job).toEqual(before.job);
    expect(after.job.leaseOwner).toBe(OTHER);
  });

  it('only a job that has not ended can be claimed', async () => {
    const t = await setUp();
    const job = await startJob(t, 2);
    const done = await t.clock.runUntil(t.troupe.runJob(job.id, { owner: t.owner }));
    expect(done.status).toBe('completed');
    const now = t.clock.now();
    expect(await t.troupe.deps.jobs.claim(job.id, OTHER, iso(now), iso(now + 60_000))).toBe(false);
    expect((await t.troupe.getJobOrThrow(job.id)).leaseOwner).toBeNull();
  });

  it('a claim is released only by its owner', async () => {
    const t = await setUp();
    const job = await startJob(t, 2);
    const now = t.clock.now();
    const { jobs } = t.troupe.deps;
    expect(await jobs.claim(job.id, t.owner, iso(now), iso(now + 1000))).toBe(true);
    expect(await jobs.claim(job.id, OTHER, iso(now + 5000), iso(now + 60_000))).toBe(true);
    await jobs.release(job.id, t.owner);
    expect((await jobs.get(job.id))?.leaseOwner).toBe(OTHER);
    await jobs.release(job.id, OTHER);
    expect((await jobs.get(job.id))?.leaseOwner).toBeNull();
  });

  it('cancel never overwrites a job that ended between its read and its write', async () => {
    const t = await setUp();
    const job = await startJob(t, 2);
    const { jobs } = t.troupe.deps;
    let hasEndedMeanwhile = false;
    const restore = betweenCancelReadAndWrite(t, async (id) => {
      hasEndedMeanwhile = true;
      await jobs.update(id, { status: 'completed', finishedAt: iso(t.clock.now()) });
    });
    await t.troupe.cancelJob(job.id).catch((error: unknown) => expect(error).toMatchObject({ code: 'JOB_STATE' }));
    restore();
    const stored = (await jobs.get(job.id))!;
    // Either the cancel came first (canceled before it started) or the job's end did, and the cancel was refused.
    expect(stored).toMatchObject(
      hasEndedMeanwhile ? { status: 'completed', finishReason: null } : { status: 'canceled', isCancelRequested: true },
    );
  });

  it('cancel never ends a queued job that a process claimed between its read and its write', async () => {
    const t = await setUp();
    const job = await startJob(t, 2);
    const { jobs } = t.troupe.deps;
    const now = t.clock.now();
    const restore = betweenCancelReadAndWrite(t, (id) => jobs.claim(id, OTHER, iso(now), iso(now + 60_000)));
    await t.troupe.cancelJob(job.id);
    restore();
    const stored = (await jobs.get(job.id))!;
    // Either the cancel came first (canceled, and then nobody could claim it) or the claim did (only asked to stop).
    const isCanceledFirst = stored.status === 'canceled' && stored.leaseOwner === null;
    const isClaimedFirst = stored.status === 'queued' && stored.leaseOwner === OTHER && stored.isCancelRequested;
    expect({ stored, isConsistent: isCanceledFirst || isClaimedFirst }).toMatchObject({ isConsistent: true });
  });

  it('the heartbeat goes on while the last image uploads, so a slow S3 never lets the claim lapse', async () => {
    const t = await setUp();
    const job = await startJob(t, 1);
    const leaseSeen: { nowMs: number; untilMs: number }[] = [];
    const slowMirror = {
      description: 's3://slow/',
      urlFor: (key: string) => `s3://slow/${key}`,
      isUnavailable: () => false,
      put: async () => {
        await t.clock.sleep(35_000); // 3.5 leases of the test settings
        const stored = await t.troupe.deps.jobs.get(job.id);
        leaseSeen.push({ nowMs: t.clock.now(), untilMs: Date.parse(stored!.leaseUntil!) });
      },
    } as unknown as ImageMirror;
    (t.troupe.deps as { mirror: ImageMirror | null }).mirror = slowMirror;

    const done = await t.clock.runUntil(t.troupe.runJob(job.id, { owner: t.owner }));

    expect(done.status).toBe('completed');
    expect(leaseSeen).toHaveLength(1);
    expect(leaseSeen[0]!.untilMs).toBeGreaterThan(leaseSeen[0]!.nowMs);
  });
});
