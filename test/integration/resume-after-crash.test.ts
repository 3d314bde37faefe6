import { readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../fakes/fake-clock.js';
import { isIoBusy } from '../support/io-busy.js';
import {
  ACTOR_ID,
  addTestActor,
  expectConsistentSet,
  generate,
  openTestTroupe,
  removeTestTroupe,
  type TestTroupe,
} from '../support/test-troupe.js';

let open: TestTroupe[] = [];
afterEach(async () => {
  for (const t of open) await removeTestTroupe(t).catch(() => undefined);
  open = [];
});

async function untilIdle(): Promise<void> {
  while (isIoBusy()) await new Promise((resolve) => setImmediate(resolve));
}

/** A second process on the same data dir, a minute later: the first one's claim has lapsed. */
async function restart(crashed: TestTroupe): Promise<TestTroupe> {
  const later = new FakeClock(crashed.clock.now() + 60_000, isIoBusy);
  const t = await openTestTroupe({ dataDir: crashed.dataDir, clock: later, seed: 99 });
  open.push(t);
  return t;
}

function sql(t: TestTroupe): Database.Database {
  return new Database(path.join(t.dataDir, 'troupe.db'));
}

describe('resume after a crash', () => {
  it('continues a job whose process died with attempts in flight, polling their runs instead of paying again', async () => {
    const first = await openTestTroupe();
    open.push(first);
    await addTestActor(first);
    const job = await first.troupe.createJob({ actorId: ACTOR_ID, count: 8, providerOptions: { scenario: 'perfect' } });
    void first.troupe.runJob(job.id, { owner: first.owner });
    const running = async () => (await first.troupe.listAttempts(job.id)).filter((a) => a.status === 'running');
    let kept = 0;
    first.troupe.deps.events.subscribe((event) => {
      if (event.type === 'job.updated') kept = event.job.completedImages;
    });
    await first.clock.runWhile(() => kept < 2);
    await untilIdle();
    const inFlight = await running();
    expect(inFlight.length).toBeGreaterThan(0);
    const before = await first.troupe.listAttempts(job.id);

    const second = await restart(first);
    const done = await second.clock.runUntil(second.troupe.runJob(job.id, { owner: second.owner }));

    expect(done.status).toBe('completed');
    expect(done.completedImages).toBe(8);
    const after = await second.troupe.listAttempts(job.id);
    for (const attempt of inFlight) {
      const resumed = after.find((a) => a.id === attempt.id);
      expect(resumed).toMatchObject({ status: 'succeeded', providerRunId: attempt.providerRunId });
    }
    expect(after).toHaveLength(8);
    expect(after.slice(0, before.length).map((a) => a.id)).toEqual(before.map((a) => a.id));
    await expectConsistentSet(second, 8);
  });

  it('recovers every intermediate step: never confirmed by the provider, output not yet downloaded, file not yet moved', async () => {
    const t = await openTestTroupe();
    open.push(t);
    await addTestActor(t);
    const job = await generate(t, { count: 4, scenario: 'perfect' });
    const images = await t.troupe.listImages(job.actorId);
    const jobAttempts = await t.troupe.listAttempts(job.id);
    // Undo the attempts whose images were numbered last: a crash can only have cut short the latest records, so
    // the numbers that remain are 1..2 and the resumed job goes on from there.
    const [a1, a2, a3] = [...images]
      .sort((x, y) => y.number! - x.number!)
      .map((image) => jobAttempts.find((a) => a.id === image.attemptId)!);
    const db = sql(t);
    // a1: the process died after writing the row, before the provider confirmed a run: none is found, so it starts now.
    db.prepare(
      "UPDATE attempts SET status = 'pending', provider_run_id = NULL, image_id = NULL, ended_at = NULL WHERE id = ?",
    ).run(a1!.id);
    db.prepare('DELETE FROM images WHERE attempt_id = ?').run(a1!.id);
    // a2: the run succeeded and its URL was saved, but the image was never downloaded.
    db.prepare("UPDATE attempts SET status = 'storing', image_id = NULL, ended_at = NULL WHERE id = ?").run(a2!.id);
    db.prepare('DELETE FROM images WHERE attempt_id = ?').run(a2!.id);
    // a3: recorded in the database (attempt succeeded), but the file was still in incoming/ when the process died,
    // next to a temp file of an interrupted write.
    const a3Image = images.find((i) => i.attemptId === a3!.id)!;
    const trainingDir = path.join(t.dataDir, 'actors', ACTOR_ID, 'training_data');
    await rename(path.join(trainingDir, a3Image.fileName), path.join(t.dataDir, 'incoming', `${a3!.id}.jpg`));
    await writeFile(path.join(t.dataDir, 'incoming', `${a3!.id}.jpg.0badc0ffee.tmp`), 'partial');
    await rm(path.join(trainingDir, images.find((i) => i.attemptId === a1!.id)!.fileName));
    await rm(path.join(trainingDir, images.find((i) => i.attemptId === a2!.id)!.fileName));
    db.prepare(
      "UPDATE generation_jobs SET status = 'processing', finished_at = NULL, lease_owner = NULL WHERE id = ?",
    ).run(job.id);
    // The numbering of a1 and a2 never committed, so it never raised the actor's file-number mark either.
    db.prepare('UPDATE file_number_marks SET high_water = 2 WHERE actor_id = ?').run(ACTOR_ID);
    db.close();

    const second = await restart(t);
    const done = await second.clock.runUntil(second.troupe.runJob(job.id, { owner: second.owner }));

    expect(done).toMatchObject({ status: 'completed', completedImages: 4 });
    const attempts = await second.troupe.listAttempts(job.id);
    expect(attempts.find((a) => a.id === a1!.id)).toMatchObject({ status: 'succeeded', seed: a1!.seed });
    expect(attempts.find((a) => a.id === a2!.id)).toMatchObject({ status: 'succeeded' });
    expect(attempts.find((a) => a.id === a3!.id)).toMatchObject({ status: 'succeeded', imageId: a3Image.id });
    expect(attempts).toHaveLength(4);
    const finalImages = await second.troupe.listImages(job.actorId);
    expect(finalImages.find((i) => i.attemptId === a3!.id)?.fileName).toBe(a3Image.fileName);
    expect(new Set(finalImages.map((i) => i.attemptId)).size).toBe(4);
    const numbers = finalImages.map((i) => i.number!).sort((x, y) => x - y);
    expect(new Set(numbers).size).toBe(4);
    expect(await readdir(path.join(t.dataDir, 'incoming'))).toEqual([]);
    await expectConsistentSet(second, 4);
  });

  it('brings counters a kill left stale (between an attempt ending and the job row update) back in line', async () => {
    const t = await openTestTroupe();
    open.push(t);
    await addTestActor(t);
    const job = await generate(t, { count: 3, scenario: 'perfect' });
    const db = sql(t);
    db.prepare(
      "UPDATE generation_jobs SET status = 'processing', finished_at = NULL, lease_owner = NULL, completed_images = 2, finished_attempts = 2, success_rate_permille = 1000 WHERE id = ?",
    ).run(job.id);
    db.close();

    const second = await restart(t);
    const done = await second.clock.runUntil(second.troupe.runJob(job.id, { owner: second.owner }));
    expect(done).toMatchObject({ status: 'completed', completedImages: 3, finishedAttempts: 3 });
    expect(await second.troupe.getJobOrThrow(job.id)).toMatchObject({ completedImages: 3, finishedAttempts: 3 });
    expect(done.finishReason).toBe(`Generated all 3 images in ${done.currentAttempt} attempts.`);
  });

  it('refuses to resume a job that already ended', async () => {
    const t = await openTestTroupe();
    open.push(t);
    await addTestActor(t);
    const job = await generate(t, { count: 2, scenario: 'perfect' });
    await expect(t.troupe.runJob(job.id, { owner: t.owner })).rejects.toMatchObject({ code: 'JOB_STATE' });
    await expectConsistentSet(t, 2);
  });
});
