import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SeedFolderSource } from '../../src/adapters/storage/seed-folder-source.js';
import type { ImportReport } from '../../src/app/import/import-report.js';
import { parseActorId } from '../../src/domain/actors/actor-id.js';
import type { Manifest } from '../../src/domain/manifest/manifest.js';
import { formatImportReport } from '../../src/interfaces/cli/commands/import-command.js';
import {
  EXPECTED_IMAGES,
  EXPECTED_ODDITIES,
  FEMALE,
  MALE,
  writeMessySeedFolder,
} from '../support/messy-seed-folder.js';
import {
  countRows,
  killStrayTroupes,
  makeWorkspace,
  removeWorkspace,
  runTroupe,
  snapshotDataDir,
  type TroupeResult,
  type Workspace,
} from '../support/run-troupe.js';
import { generate, openTestTroupe, readManifest, removeTestTroupe, type TestTroupe } from '../support/test-troupe.js';

/** The seed's `jq '.images | to_entries | group_by(.value.type) | map({type: .[0].value.type, count: length})'`. */
function groupByType(manifest: Manifest): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const entry of Object.values(manifest.images))
    counts[String(entry.type)] = (counts[String(entry.type)] ?? 0) + 1;
  return counts;
}

function expectedByType(actorId: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [, type] of Object.values(EXPECTED_IMAGES[actorId]!))
    counts[String(type)] = (counts[String(type)] ?? 0) + 1;
  return counts;
}

describe('importSeedFolder on a messy seed-format folder', () => {
  let t: TestTroupe;
  let seed: string;
  let report: ImportReport;
  let sourceBefore: Record<string, string>;

  beforeEach(async () => {
    t = await openTestTroupe();
    seed = await writeMessySeedFolder(path.join(t.workDir, 'seed'));
    sourceBefore = await snapshotDataDir(seed);
    report = await t.troupe.importSeedFolder(new SeedFolderSource(seed));
  });

  afterEach(async () => {
    await removeTestTroupe(t);
  });

  it('imports every sound image under its own name and number, with its type, prompt and origin from the manifest', async () => {
    for (const actorId of [FEMALE, MALE]) {
      const rows = await t.troupe.listImages(parseActorId(actorId));
      const got = Object.fromEntries(rows.map((r) => [r.fileName, [r.number, r.type]]));
      expect(got, actorId).toEqual(EXPECTED_IMAGES[actorId]);
      for (const row of rows) {
        const stored = await readFile(path.join(t.dataDir, 'actors', actorId, 'training_data', row.fileName));
        expect(stored.byteLength).toBe(row.sizeBytes);
      }
    }
    const td05 = (await t.troupe.listImages(parseActorId(FEMALE))).find((r) => r.fileName === 'actor_0001_td_05.jpg')!;
    expect(td05).toMatchObject({
      generatedBy: 'generate_training_data',
      generatedAt: '2025-10-17T16:15:00.000000',
      s3Url: `https://seed-bucket.s3.amazonaws.com/actors/${FEMALE}/training_data/actor_0001_td_05.jpg`,
      jobId: null,
      attemptId: null,
    });
    expect(td05.prompt).toContain('photorealistic portrait, number 5');
    const unlisted = (await t.troupe.listImages(parseActorId(FEMALE))).find(
      (r) => r.fileName === 'actor_0001_td_08.jpg',
    )!;
    expect(unlisted).toMatchObject({ generatedBy: 'import', prompt: null, type: null, s3Url: null });
  });

  it('creates both actors with the manifest descriptor and a base image from base_image/ or base_images', async () => {
    expect(report.actors.map((a) => [a.folder, a.status, a.imported.length])).toEqual([
      [FEMALE, 'created', 5],
      [MALE, 'created', 4],
      ['Temp Folder', 'skipped', 0],
    ]);
    const actors = await t.troupe.listActors();
    expect(actors.map((a) => [a.id, a.descriptor])).toEqual([
      [FEMALE, 'woman'],
      [MALE, 'man'],
    ]);
    for (const actor of actors) {
      const base = await readFile(path.join(t.dataDir, actor.baseImagePath));
      expect(base.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    }
    expect(report.actors.flatMap((a) => a.oddities).join('\n')).not.toContain('base image');
  });

  it('names every oddity in the report', () => {
    const printed = formatImportReport(report, 'data');
    for (const oddity of EXPECTED_ODDITIES) expect(printed).toContain(oddity);
    const lines = printed.split('\n').filter((l) => /^(\S+|Temp Folder): /.test(l));
    expect(lines).toHaveLength(EXPECTED_ODDITIES.length);
    expect(printed).toMatch(/^Imported 9 images for 2 actors \(0 already present, 4 skipped, 6 oddities\)/m);
  });

  it('writes manifests that tell the truth: total_images and the count by type', async () => {
    for (const [actorId, prefix] of [
      [FEMALE, '0001'],
      [MALE, '0002'],
    ] as const) {
      const manifest = await readManifest(t, prefix);
      expect(manifest.total_images).toBe(Object.keys(EXPECTED_IMAGES[actorId]!).length);
      expect(groupByType(manifest)).toEqual(expectedByType(actorId));
      expect(Object.keys(manifest.images).sort()).toEqual(Object.keys(EXPECTED_IMAGES[actorId]!).sort());
      for (const [file, image] of Object.entries(manifest.images)) {
        expect(image.index).toBe(EXPECTED_IMAGES[actorId]![file]![0]);
        expect(image.local_path).toBe(`data/actors/${actorId}/training_data/${file}`);
      }
    }
  });

  it('leaves the source folder byte-for-byte as it was', async () => {
    expect(await snapshotDataDir(seed)).toEqual(sourceBefore);
  });

  it('a second run imports nothing and changes no row or file', async () => {
    const dataBefore = await snapshotDataDir(t.dataDir);
    const rowsBefore = await Promise.all([FEMALE, MALE].map((id) => t.troupe.listImages(parseActorId(id))));
    const again = await t.troupe.importSeedFolder(new SeedFolderSource(seed));
    expect(again.actors.map((a) => [a.folder, a.status, a.imported.length, a.alreadyPresent])).toEqual([
      [FEMALE, 'existing', 0, 5],
      [MALE, 'existing', 0, 4],
      ['Temp Folder', 'skipped', 0, 0],
    ]);
    expect(await snapshotDataDir(t.dataDir)).toEqual(dataBefore);
    expect(await Promise.all([FEMALE, MALE].map((id) => t.troupe.listImages(parseActorId(id))))).toEqual(rowsBefore);
    expect(await snapshotDataDir(seed)).toEqual(sourceBefore);
    expect(formatImportReport(again, 'data')).toMatch(
      /^Imported 0 images for 2 actors \(9 already present, 4 skipped/m,
    );
  });

  it('generate afterwards numbers from the largest number in any seed pattern (15 -> 16, 17)', async () => {
    await generate(t, { actorId: FEMALE, count: 2 });
    const numbers = (await t.troupe.listImages(parseActorId(FEMALE))).map((r) => r.number);
    expect(numbers).toEqual([3, 5, 8, 12, 15, 16, 17]);
    const manifest = await readManifest(t, '0001');
    expect(Object.keys(manifest.images)).toContain(`${FEMALE}_16.jpg`);
    expect(manifest.total_images).toBe(7);
  });
});

describe('importSeedFolder: the base image and bad paths', () => {
  let t: TestTroupe;
  beforeEach(async () => {
    t = await openTestTroupe();
  });
  afterEach(async () => {
    await removeTestTroupe(t);
  });

  it('with no base image anywhere, uses the first sound training image and says so', async () => {
    const seed = await writeMessySeedFolder(path.join(t.workDir, 'seed'));
    await writeFile(path.join(seed, 'actor_manifests', '0002_manifest.json'), JSON.stringify({ images: {} }));
    const report = await t.troupe.importSeedFolder(new SeedFolderSource(seed));
    const male = report.actors.find((a) => a.folder === MALE)!;
    expect(male.status).toBe('created');
    expect(male.imported).toHaveLength(4);
    expect(male.oddities).toContain(
      `no base image in base_image/ or the manifest's base_images: using training image 0002_04.webp as the base image`,
    );
  });

  it.each([
    ['a missing path', 'nowhere', 'it does not exist'],
    ['a file', 'seed/data/actor_manifests/0001_manifest.json', 'it is a file, not a folder'],
    [
      'a folder without actors/ or actor_manifests/',
      'seed/data/actors',
      'it holds neither actors/ nor actor_manifests/',
    ],
  ])('refuses %s with INVALID_INPUT and changes nothing', async (_label, relative, why) => {
    await writeMessySeedFolder(path.join(t.workDir, 'seed'));
    await expect(t.troupe.importSeedFolder(new SeedFolderSource(path.join(t.workDir, relative)))).rejects.toMatchObject(
      {
        code: 'INVALID_INPUT',
        message: expect.stringContaining(why),
      },
    );
    expect(await t.troupe.listActors()).toEqual([]);
  });

  it('never reads outside the folder, whatever a manifest names', async () => {
    const source = new SeedFolderSource(path.join(t.workDir, 'seed', 'data'));
    await writeMessySeedFolder(path.join(t.workDir, 'seed'));
    await writeFile(path.join(t.workDir, 'secret.png'), 'x');
    for (const escape of [
      '../secret.png',
      '../../secret.png',
      path.join(t.workDir, 'secret.png'),
      'data/../../secret.png',
    ]) {
      expect(await source.readFileByManifestPath(escape), escape).toBeUndefined();
    }
    await expect(source.readTrainingFile(FEMALE, '../base_image/portrait.png')).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await expect(source.readTrainingFile('..', 'x.jpg')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});

describe('troupe import, real binary', { timeout: 60_000 }, () => {
  const workspaces: Workspace[] = [];
  const workspace = async () => {
    const ws = await makeWorkspace();
    workspaces.push(ws);
    return ws;
  };
  afterAll(async () => {
    killStrayTroupes();
    await Promise.all(workspaces.map(removeWorkspace));
  });
  const expectExit = (result: TroupeResult, code: number) =>
    expect(result.code, `stdout:\n${result.stdout}\nstderr:\n${result.stderr}`).toBe(code);

  it('imports the messy folder, reports every oddity, is a no-op the second time, and generate continues at 16', async () => {
    const ws = await workspace();
    const seed = await writeMessySeedFolder(path.join(ws.root, 'seed'));
    const before = await snapshotDataDir(seed);

    const first = await runTroupe(ws, ['import', 'seed/data']);
    expectExit(first, 0);
    expect(first.stderr).toBe('');
    expect(first.stdout).toContain(`Imported from ${seed}\n`);
    expect(first.stdout).toMatch(new RegExp(`^${FEMALE}\\s+created\\s+5\\s+0\\s+3\\s+3$`, 'm'));
    expect(first.stdout).toMatch(new RegExp(`^${MALE}\\s+created\\s+4\\s+0\\s+0\\s+2$`, 'm'));
    for (const oddity of EXPECTED_ODDITIES) expect(first.stdout).toContain(oddity);
    expect(first.stdout).toMatch(/^Imported 9 images for 2 actors \(0 already present, 4 skipped, 6 oddities\)/m);
    const rows = countRows(ws.dbFile);
    const data = await snapshotDataDir(ws.dataDir);

    const second = await runTroupe(ws, ['import', 'seed/data']);
    expectExit(second, 0);
    // The rename note belongs to the run that renamed: the second finds portrait_final.jpg already present.
    expect(second.stdout).toMatch(/^Imported 0 images for 2 actors \(9 already present, 4 skipped, 5 oddities\)/m);
    expect(countRows(ws.dbFile)).toEqual(rows);
    expect(await snapshotDataDir(ws.dataDir)).toEqual(data);
    expect(await snapshotDataDir(seed)).toEqual(before);

    const generated = await runTroupe(ws, ['generate', '--actor-id', FEMALE, '--count', '2', '--scenario', 'perfect']);
    expectExit(generated, 0);
    const manifest = JSON.parse(
      await readFile(path.join(ws.dataDir, 'actor_manifests', '0001_manifest.json'), 'utf8'),
    ) as Manifest;
    expect(Object.values(manifest.images).map((i) => i.index)).toEqual([3, 5, 8, 12, 15, 16, 17]);
  });

  it.each([
    ['a missing path', ['import', 'nowhere'], {}, 'it does not exist'],
    ['a file', ['import', 'seed/data/notes.txt'], {}, 'it is a file, not a folder'],
    [
      'a folder with neither actors/ nor actor_manifests/',
      ['import', 'seed'],
      {},
      'it holds neither actors/ nor actor_manifests/',
    ],
    [
      "Troupe's own data directory",
      ['import', 'seed/data'],
      { TROUPE_DATA_DIR: 'seed/data' },
      "overlaps Troupe's data directory",
    ],
  ])('refuses %s: exit 2, one Error: line, no change', async (_label, args, env, why) => {
    const ws = await workspace();
    const seed = await writeMessySeedFolder(path.join(ws.root, 'seed'));
    await writeFile(path.join(seed, 'notes.txt'), 'not a folder');
    const before = await snapshotDataDir(seed);
    const result = await runTroupe(ws, args, { env });
    expectExit(result, 2);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Error: Cannot import \S+: /);
    expect(lines[0]).toContain(why);
    expect(await snapshotDataDir(seed)).toEqual(before);
    expect(countRows(ws.dbFile).images).toBe(0);
  });
});
