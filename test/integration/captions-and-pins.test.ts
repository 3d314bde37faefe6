import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SeedFolderSource } from '../../src/adapters/storage/seed-folder-source.js';
import type { ActorId } from '../../src/domain/actors/actor-id.js';
import {
  ACTOR_ID,
  addTestActor,
  generate,
  openTestTroupe,
  readManifest,
  type TestTroupe,
} from '../support/test-troupe.js';

let t: TestTroupe;
const IMPORTED = '0003_imported' as ActorId;

async function portrait(file: string, hue: string, isGrey = false): Promise<void> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="512" height="640"><rect width="512" height="640" fill="${hue}"/>
    <circle cx="256" cy="250" r="120" fill="#fc9"/><rect x="120" y="400" width="270" height="240" fill="#236"/>
    <path d="M0 0 L512 640" stroke="#fff" stroke-width="9"/></svg>`;
  const image = sharp(Buffer.from(svg));
  await (isGrey ? image.greyscale() : image).png().toFile(file);
}

beforeAll(async () => {
  t = await openTestTroupe();
  await addTestActor(t);
  await generate(t, { count: 6 });
  const seed = path.join(t.workDir, 'seed');
  const training = path.join(seed, 'actors', IMPORTED, 'training_data');
  await mkdir(training, { recursive: true });
  await portrait(path.join(training, `${IMPORTED}_1.png`), '#c33');
  await writeFile(path.join(training, `${IMPORTED}_1.txt`), 'sks woman, red studio backdrop,\nsmiling\n');
  await portrait(path.join(training, `${IMPORTED}_2.png`), '#39c', true);
  await t.troupe.importSeedFolder(new SeedFolderSource(seed));
}, 120_000);

afterAll(async () => {
  await t.close();
});

describe('captions', () => {
  it('an imported image keeps its .txt caption; one without gets a caption from its pixels, each marked', async () => {
    const report = await t.troupe.importSeedFolder(new SeedFolderSource(path.join(t.workDir, 'seed')));
    expect(report.actors[0]!.skipped).toEqual([]);
    await t.troupe.captionImages(IMPORTED);
    const manifest = await readManifest(t, '0003');
    const first = manifest.images[`${IMPORTED}_1.png`]!;
    const second = manifest.images[`${IMPORTED}_2.png`]!;
    expect(first).toMatchObject({ caption_source: 'imported' });
    expect(first.caption).toBe('mprtd0003 character, sks woman, red studio backdrop, smiling');
    expect(second).toMatchObject({ caption_source: 'measured', caption: 'mprtd0003 character, black and white image' });
    expect(Object.keys(first)).toEqual(expect.arrayContaining(['prompt', 'prompt_preview', 'local_path', 'index']));
  });

  it('one caption is edited; find-and-replace changes a set; the manifest follows', async () => {
    const images = await t.troupe.listImages(ACTOR_ID as ActorId);
    const [one, two] = images;
    const edited = await t.troupe.setCaption(ACTOR_ID, one!.id, 'ohwx woman,  wearing a red scarf\n');
    expect(edited).toMatchObject({ source: 'edited' });
    const trigger = (await readManifest(t)).images[one!.fileName]!.caption!.split(' ')[0];
    await t.troupe.setCaption(ACTOR_ID, two!.id, `${trigger} woman, wearing a red scarf, on a pier`);
    const changed = await t.troupe.replaceInCaptions(ACTOR_ID, { find: 'red scarf', replace: 'blue coat' });
    expect(changed.map((c) => c.imageId).sort()).toEqual([one!.id, two!.id].sort());
    const manifest = await readManifest(t);
    expect(manifest.images[one!.fileName]!.caption).toBe(`${trigger} woman, ohwx woman, wearing a blue coat`);
    expect(manifest.images[two!.fileName]).toMatchObject({
      caption: `${trigger} woman, wearing a blue coat, on a pier`,
      caption_source: 'edited',
    });
    await expect(t.troupe.replaceInCaptions(ACTOR_ID, { find: '', replace: 'x' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await expect(t.troupe.setCaption(ACTOR_ID, 'img_nope', 'x')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('pins', () => {
  it('the balancer never deletes a pinned image, in the plan or at execution', async () => {
    const images = await t.troupe.listImages(ACTOR_ID as ActorId);
    const unpinnedPlan = await t.troupe.planBalance({ actorId: ACTOR_ID, target: '2' });
    const doomed = unpinnedPlan.plan.deletions.map((d) => d.entry.image.id);
    expect(doomed.length).toBeGreaterThanOrEqual(4);
    await t.troupe.setImagesPinned(ACTOR_ID, [doomed[0]!, images.find((i) => i.id === doomed[1])!.fileName], true);
    const pinnedPlan = await t.troupe.planBalance({ actorId: ACTOR_ID, target: '2' });
    const planned = pinnedPlan.plan.deletions.map((d) => d.entry.image.id);
    expect(planned).not.toContain(doomed[0]);
    expect(planned).not.toContain(doomed[1]);
    // Pinned after the plan was made: execution still keeps it.
    await t.troupe.setImagesPinned(ACTOR_ID, [planned[0]!], true);
    const lines: string[] = [];
    await t.troupe.executeBalance(pinnedPlan, { providerOptions: { scenario: 'perfect' } }, (l) => lines.push(l));
    const left = new Set((await t.troupe.listImages(ACTOR_ID as ActorId)).map((i) => i.id));
    for (const id of [doomed[0]!, doomed[1]!, planned[0]!]) expect(left.has(id)).toBe(true);
    expect(lines.some((l) => l.startsWith('Kept pinned image:'))).toBe(true);
    expect(await t.troupe.listPinned(ACTOR_ID as ActorId)).toEqual(new Set([doomed[0], doomed[1], planned[0]]));
  });

  it('refuses an unknown image and changes nothing', async () => {
    const before = await t.troupe.listPinned(ACTOR_ID as ActorId);
    const [image] = await t.troupe.listImages(ACTOR_ID as ActorId);
    await expect(t.troupe.setImagesPinned(ACTOR_ID, [image!.id, 'nope.jpg'], false)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('nope.jpg'),
    });
    expect(await t.troupe.listPinned(ACTOR_ID as ActorId)).toEqual(before);
  });
});
