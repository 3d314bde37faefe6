import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { trainingImageKey } from '../../src/domain/actors/dataset-layout.js';
import type { ActorId } from '../../src/domain/actors/actor-id.js';
import type { ImageType } from '../../src/domain/prompts/image-type.js';
import {
  ACTOR_ID,
  addTestActor,
  generate,
  openTestTroupe,
  readManifest,
  removeTestTroupe,
  type TestTroupe,
} from '../support/test-troupe.js';

let t: TestTroupe | undefined;
afterEach(async () => {
  if (t) await removeTestTroupe(t);
  t = undefined;
});

/** Puts a file into the set as if an earlier tool had made it: on disk and as a row, under the given name. */
async function plant(
  tt: TestTroupe,
  fileName: string,
  bytes: Uint8Array,
  type: ImageType | null,
  number: number,
): Promise<void> {
  const metrics = await tt.troupe.deps.inspector.inspect(bytes).catch(() => ({ width: 0, height: 0 }));
  await tt.troupe.deps.blobs.put(trainingImageKey(ACTOR_ID as ActorId, fileName), bytes);
  await tt.troupe.deps.images.insert({
    id: `img_planted_${number}`,
    actorId: ACTOR_ID as ActorId,
    fileName,
    number,
    type,
    prompt: null,
    promptId: null,
    s3Url: null,
    generatedAt: '2025-10-17T16:55:00.000Z',
    generatedBy: 'seed',
    jobId: null,
    attemptId: null,
    width: metrics.width,
    height: metrics.height,
    sizeBytes: bytes.byteLength,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  });
}

async function fileOf(tt: TestTroupe, number: number): Promise<Buffer> {
  return readFile(path.join(tt.dataDir, 'actors', ACTOR_ID, 'training_data', `${ACTOR_ID}_${number}.jpg`));
}

async function typeOf(tt: TestTroupe, number: number): Promise<ImageType> {
  const image = (await tt.troupe.listImages(ACTOR_ID as ActorId)).find((i) => i.number === number);
  return image!.type!;
}

/** A sound, distinct color picture: nothing about it should be flagged. */
function distinctPicture(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="1000"><defs><linearGradient id="g" x1="0" x2="1"><stop offset="0" stop-color="#fd3"/><stop offset="1" stop-color="#36f"/></linearGradient></defs>
    <rect width="800" height="1000" fill="url(#g)"/><path d="M0 700 L400 300 L800 700 Z" fill="#a2d"/><circle cx="600" cy="200" r="120" fill="#f84"/>
    <rect x="80" y="760" width="640" height="160" fill="#1a6"/></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 92 }).toBuffer();
}

/** Every file and its hash under the data dir except the database and logs: what a dry run must not change. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    if (/troupe\.db|logs/.test(file)) continue;
    out[path.relative(dir, file)] = createHash('sha256')
      .update(await readFile(file))
      .digest('hex');
  }
  return out;
}

async function setUpDefectiveSet(): Promise<TestTroupe> {
  const tt = await openTestTroupe();
  t = tt;
  await addTestActor(tt);
  await generate(tt, { types: 'photorealistic=5,bw_stylized=4,color_stylized=3', scenario: 'perfect' });
  const first = await fileOf(tt, 1);
  await plant(tt, 'actor_0001_td_20.jpg', await sharp(first).jpeg({ quality: 55 }).toBuffer(), await typeOf(tt, 1), 20);
  await plant(
    tt,
    '0001_21.jpg',
    await sharp(await fileOf(tt, 2))
      .blur(8)
      .jpeg()
      .toBuffer(),
    await typeOf(tt, 2),
    21,
  );
  await plant(
    tt,
    '0001_22.jpg',
    await sharp(await fileOf(tt, 3))
      .linear(0.12, 0)
      .jpeg()
      .toBuffer(),
    await typeOf(tt, 3),
    22,
  );
  await plant(
    tt,
    '0001_test_actor_23.png',
    await sharp({ create: { width: 900, height: 900, channels: 3, background: '#3a7' } })
      .composite([
        {
          input: Buffer.from(
            '<svg width="900" height="900"><circle cx="450" cy="450" r="300" fill="#e33"/><rect x="100" y="100" width="200" height="600" fill="#33e"/></svg>',
          ),
        },
      ])
      .png()
      .toBuffer(),
    'bw_stylized',
    23,
  );
  await plant(tt, 'broken_24.jpg', first.subarray(0, Math.floor(first.length * 0.5)), 'photorealistic', 24);
  await plant(tt, 'actor_0001_td_30.jpg', await distinctPicture(), 'color_stylized', 30);
  return tt;
}

describe('balance: evaluate, plan, dry run, execute', () => {
  it('finds each planted defect, flags nothing sound, and a dry run changes no byte and no row', async () => {
    const tt = await setUpDefectiveSet();
    const before = {
      files: await snapshot(tt.dataDir),
      rows: (await tt.troupe.listImages(ACTOR_ID as ActorId)).length,
    };
    const planned = await tt.troupe.planBalance({
      actorId: ACTOR_ID,
      target: 'photorealistic=5,bw_stylized=4,color_stylized=4',
    });
    const reasons = new Map(planned.plan.deletions.map((d) => [d.entry.image.fileName, d.reasons.map((r) => r.kind)]));
    expect(reasons.get('actor_0001_td_20.jpg')).toContain('duplicate');
    expect(reasons.get('0001_21.jpg')).toContain('blurry');
    expect(reasons.get('0001_22.jpg')).toContain('dark');
    expect(reasons.get('0001_test_actor_23.png')).toContain('mislabelled');
    expect(reasons.get('broken_24.jpg')).toEqual(['corrupt']);
    const soundFlagged = [...reasons.keys()].filter(
      (name) => /^0001_test_actor_\d+\.jpg$/.test(name) || name === 'actor_0001_td_30.jpg',
    );
    expect(soundFlagged).toEqual([]);
    expect(planned.plan.deletions).toHaveLength(5);
    expect(planned.measuredCount).toBe(17); // 18 files, one unreadable
    expect(await snapshot(tt.dataDir)).toEqual(before.files);
    expect(await tt.troupe.listImages(ACTOR_ID as ActorId)).toHaveLength(before.rows);
    const again = await tt.troupe.planBalance({
      actorId: ACTOR_ID,
      target: 'photorealistic=5,bw_stylized=4,color_stylized=4',
    });
    expect(again.measuredCount).toBe(0);
  });

  it('over quota: deletes the weakest extra images of a type and tops up the short ones', async () => {
    const tt = await setUpDefectiveSet();
    const planned = await tt.troupe.planBalance({
      actorId: ACTOR_ID,
      target: 'photorealistic=3,bw_stylized=6,color_stylized=4',
    });
    const overQuota = planned.plan.deletions.filter((d) => d.reasons.some((r) => r.kind === 'over_quota'));
    expect(overQuota).toHaveLength(2);
    expect(overQuota.every((d) => d.entry.image.type === 'photorealistic')).toBe(true);
    expect(planned.plan.generate).toEqual({ photorealistic: 0, bw_stylized: 2, color_stylized: 0 });
  });

  it('--max-delete keeps the worst problems first; --no-delete deletes nothing', async () => {
    const tt = await setUpDefectiveSet();
    const capped = await tt.troupe.planBalance({ actorId: ACTOR_ID, target: '12', maxDelete: 1 });
    expect(capped.plan.deletions.map((d) => d.entry.image.fileName)).toEqual(['broken_24.jpg']);
    expect(capped.plan.keptDespiteDefects.length).toBeGreaterThanOrEqual(4);
    const none = await tt.troupe.planBalance({ actorId: ACTOR_ID, target: '12', isDeleting: false });
    expect(none.plan.deletions).toEqual([]);
  });

  it('execute deletes exactly the plan, tops up with numbers after the max of every name pattern, and then the set is balanced', async () => {
    const tt = await setUpDefectiveSet();
    const target = 'photorealistic=6,bw_stylized=5,color_stylized=4';
    const planned = await tt.troupe.planBalance({ actorId: ACTOR_ID, target });
    const planned_files = planned.plan.deletions.map((d) => d.entry.image.fileName).sort();
    const lines: string[] = [];
    const executed = await tt.troupe.executeBalance(planned, { providerOptions: { scenario: 'perfect' } }, (line) =>
      lines.push(line),
    );
    expect(
      lines
        .filter((l) => l.startsWith('✓ Deleted local file: '))
        .map((l) => l.split(': ')[1]!.split(' ')[0])
        .sort(),
    ).toEqual(planned_files);
    expect(lines).toContain('Total available prompts: 35');
    expect(lines).toContain('Current max image number: 30, starting at: 31');
    const job = await tt.clock.runUntil(tt.troupe.runJob(executed.job!.id, { owner: tt.owner }));
    expect(job).toMatchObject({ status: 'completed', generatedBy: 'balancer', completedImages: 2 });
    const images = await tt.troupe.listImages(ACTOR_ID as ActorId);
    expect(
      images
        .filter((i) => i.jobId === job.id)
        .map((i) => i.fileName)
        .sort(),
    ).toEqual([`${ACTOR_ID}_31.jpg`, `${ACTOR_ID}_32.jpg`]);
    const manifest = await readManifest(tt);
    expect(manifest.total_images).toBe(15);
    expect(manifest.generations.at(-1)).toMatchObject({ generated_by: 'balancer', generated: 2 });
    for (const file of planned_files) expect(manifest.images[file]).toBeUndefined();
    const after = await tt.troupe.planBalance({ actorId: ACTOR_ID, target });
    expect(after.plan.isBalanced).toBe(true);
  });

  it('refuses a target that does not parse, an unknown actor and a negative cap, changing nothing', async () => {
    const tt = await setUpDefectiveSet();
    await expect(tt.troupe.planBalance({ actorId: ACTOR_ID, target: 'photorealistic=x' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await expect(tt.troupe.planBalance({ actorId: ACTOR_ID, target: 'sepia=3' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await expect(tt.troupe.planBalance({ actorId: '0009_nobody' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(tt.troupe.planBalance({ actorId: ACTOR_ID, maxDelete: '-1' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
  });
});

describe('balance: what the user asked, outcomes, and the set beside running jobs', () => {
  it('a target that names one type leaves the others alone', async () => {
    const tt = await openTestTroupe();
    t = tt;
    await addTestActor(tt);
    await generate(tt, { types: 'photorealistic=4,bw_stylized=3,color_stylized=3', scenario: 'perfect' });
    const planned = await tt.troupe.planBalance({ actorId: ACTOR_ID, target: 'photorealistic=2' });
    expect(planned.plan.target).toEqual({ photorealistic: 2, bw_stylized: null, color_stylized: null });
    expect(planned.plan.deletions.every((d) => d.entry.image.type === 'photorealistic')).toBe(true);
    expect(planned.plan.after).toMatchObject({ photorealistic: 2, bw_stylized: 3, color_stylized: 3 });
    expect(planned.plan.generate).toEqual({ photorealistic: 0, bw_stylized: 0, color_stylized: 0 });
    for (const d of planned.plan.deletions) expect(d.score?.total).toBeGreaterThan(0);
  });

  it('files the manifest does not type are typed from their pixels', async () => {
    const tt = await openTestTroupe();
    t = tt;
    await addTestActor(tt);
    await generate(tt, { types: 'bw_stylized=1,color_stylized=1,photorealistic=1', scenario: 'perfect' });
    const byType = new Map((await tt.troupe.listImages(ACTOR_ID as ActorId)).map((i) => [i.type, i.number!]));
    await plant(tt, 'untyped_40.jpg', await fileOf(tt, byType.get('bw_stylized')!), null, 40);
    await plant(tt, 'untyped_41.jpg', await fileOf(tt, byType.get('color_stylized')!), null, 41);
    await plant(tt, 'untyped_42.jpg', await fileOf(tt, byType.get('photorealistic')!), null, 42);
    const planned = await tt.troupe.planBalance({ actorId: ACTOR_ID, target: '6', isDeleting: false });
    expect(planned.plan.before).toEqual({ photorealistic: 2, bw_stylized: 2, color_stylized: 2, unknown: 0 });
    expect([...planned.plan.typedFromPixels].sort()).toEqual(['img_planted_40', 'img_planted_41', 'img_planted_42']);
  });

  it('execute reports each step as a value, records the run, and never claims a base64 JPEG it did not prepare', async () => {
    const tt = await setUpDefectiveSet();
    const planned = await tt.troupe.planBalance({
      actorId: ACTOR_ID,
      target: 'photorealistic=6,bw_stylized=5,color_stylized=4',
    });
    const gone = planned.plan.deletions[0]!.entry.image;
    await tt.troupe.deleteImage(ACTOR_ID as ActorId, gone.id); // deleted by someone else after the plan
    const lines: string[] = [];
    const executed = await tt.troupe.executeBalance(planned, { providerOptions: { scenario: 'perfect' } }, (line) =>
      lines.push(line),
    );
    const deletes = executed.steps.filter((s) => s.kind === 'delete');
    expect(deletes).toHaveLength(planned.plan.deletions.length);
    expect(deletes[0]).toMatchObject({
      file: gone.fileName,
      outcome: 'skipped',
      reason: 'already deleted since the plan',
    });
    expect(deletes.slice(1).every((s) => s.outcome === 'deleted')).toBe(true);
    expect(executed.steps.at(-1)).toMatchObject({ kind: 'generate', outcome: 'queued', jobId: executed.job!.id });
    expect(lines.some((l) => /base64/.test(l))).toBe(false);
    const runs = await tt.troupe.listBalanceRuns(ACTOR_ID as ActorId);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ id: executed.runId, status: 'done', jobId: executed.job!.id });
    expect(runs[0]!.steps).toEqual(executed.steps);
  });

  it('counts images still to come from a job running for the actor, so the top-up does not overshoot', async () => {
    const tt = await openTestTroupe();
    t = tt;
    await addTestActor(tt);
    await generate(tt, { types: 'photorealistic=2', scenario: 'perfect' });
    const running = await tt.troupe.createJob({
      actorId: ACTOR_ID,
      types: 'photorealistic=3,bw_stylized=1',
      providerOptions: { scenario: 'perfect' },
    });
    const planned = await tt.troupe.planBalance({ actorId: ACTOR_ID, target: 'photorealistic=6,bw_stylized=2' });
    expect(planned.runningJobIds).toEqual([running.id]);
    expect(planned.plan.incoming).toEqual({ photorealistic: 3, bw_stylized: 1, color_stylized: 0 });
    expect(planned.plan.generate).toEqual({ photorealistic: 1, bw_stylized: 1, color_stylized: 0 });
  });
});
