import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SeedFolderSource } from '../../src/adapters/storage/seed-folder-source.js';
import { portrait } from '../support/messy-seed-folder.js';
import { openTestTroupe, removeTestTroupe, type TestTroupe } from '../support/test-troupe.js';

const LINKED = '0005_linked';
const ALIAS = '0006_alias';
const FOLDER_LINK = '0007_folder_link';

const entry = (actorId: string, file: string, index: number) => ({
  prompt: 'A portrait.',
  local_path: `data/actors/${actorId}/training_data/${file}`,
  index,
  type: 'photorealistic',
});

async function put(file: string, bytes: Uint8Array | string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, bytes);
}

/** A seed folder whose manifests name files that are symbolic links, with a linked actor folder and training folder. */
async function writeLinkedSeed(root: string): Promise<string> {
  const data = path.join(root, 'data');
  const outside = path.join(root, 'elsewhere');
  await put(path.join(outside, 'stray.jpg'), await portrait(30, 'jpeg'));
  await put(path.join(outside, 'set', `${FOLDER_LINK}_1.jpg`), await portrait(60, 'jpeg'));
  const training = path.join(data, 'actors', LINKED, 'training_data');
  await put(path.join(data, 'actors', LINKED, 'base_image', 'base.png'), await portrait(90, 'png', 640, 800));
  await put(path.join(training, `${LINKED}_1.jpg`), await portrait(120, 'jpeg'));
  await symlink(path.join(outside, 'stray.jpg'), path.join(training, `${LINKED}_2.jpg`));
  await symlink(`${LINKED}_1.jpg`, path.join(training, `${LINKED}_3.jpg`));
  await symlink(path.join(data, 'actors', LINKED), path.join(data, 'actors', ALIAS));
  await put(path.join(data, 'actors', FOLDER_LINK, 'base_image', 'base.png'), await portrait(150, 'png', 640, 800));
  await symlink(path.join(outside, 'set'), path.join(data, 'actors', FOLDER_LINK, 'training_data'));
  const manifest = (actorId: string, files: string[]) =>
    JSON.stringify({
      actor_id: actorId,
      images: Object.fromEntries(files.map((file, i) => [file, entry(actorId, file, i + 1)])),
      total_images: files.length,
    });
  await put(
    path.join(data, 'actor_manifests', '0005_manifest.json'),
    manifest(LINKED, [`${LINKED}_1.jpg`, `${LINKED}_2.jpg`, `${LINKED}_3.jpg`]),
  );
  await put(path.join(data, 'actor_manifests', '0006_manifest.json'), manifest(ALIAS, [`${ALIAS}_1.jpg`]));
  await put(path.join(data, 'actor_manifests', '0007_manifest.json'), manifest(FOLDER_LINK, [`${FOLDER_LINK}_1.jpg`]));
  return data;
}

describe('import of symbolic links (issue 16)', () => {
  let t: TestTroupe;
  beforeEach(async () => {
    t = await openTestTroupe();
  });
  afterEach(() => removeTestTroupe(t));

  it('skips linked files and folders and reports them as links, never as files missing from disk', async () => {
    const report = await t.troupe.importSeedFolder(
      new SeedFolderSource(await writeLinkedSeed(path.join(t.workDir, 'seed'))),
    );
    const linked = report.actors.find((a) => a.folder === LINKED)!;
    expect(linked.imported).toEqual([`${LINKED}_1.jpg`]);
    expect(linked.skipped).toEqual([
      { file: `actors/${LINKED}/training_data/${LINKED}_2.jpg`, reason: 'a symbolic link: links are not followed' },
      { file: `actors/${LINKED}/training_data/${LINKED}_3.jpg`, reason: 'a symbolic link: links are not followed' },
    ]);
    const folderLink = report.actors.find((a) => a.folder === FOLDER_LINK)!;
    expect(folderLink.skipped).toEqual([
      { file: `actors/${FOLDER_LINK}/training_data`, reason: 'a symbolic link: links are not followed' },
    ]);
    expect(folderLink.imported).toEqual([]);
    expect(report.oddities).toEqual([`actors/${ALIAS}: a symbolic link: skipped, links are not followed`]);
    const everyOddity = [...report.oddities, ...report.actors.flatMap((a) => a.oddities)];
    expect(everyOddity.filter((o) => /missing/.test(o))).toEqual([]);
    expect(report.actors.map((a) => a.folder)).not.toContain(ALIAS);
  });
});
