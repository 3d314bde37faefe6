import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SeedFolderSource } from '../../src/adapters/storage/seed-folder-source.js';
import { parseActorId } from '../../src/domain/actors/actor-id.js';
import { portrait } from '../support/messy-seed-folder.js';
import { withDb } from '../support/run-troupe.js';
import {
  ACTOR_ID,
  generate,
  openTestTroupe,
  readManifest,
  trainingFiles,
  useTestTroupes,
  type TestTroupe,
} from '../support/test-troupe.js';

const setUp = useTestTroupes();
const actorId = parseActorId(ACTOR_ID);
const file = (n: number) => `${ACTOR_ID}_${n}.jpg`;

async function newFiles(t: TestTroupe, count: number): Promise<string[]> {
  const job = await generate(t, { count, scenario: 'perfect' });
  return (await t.troupe.listImages(actorId)).filter((i) => i.jobId === job.id).map((i) => i.fileName);
}

describe('a file number is never given twice', () => {
  it('deleting the newest image (_3) and topping up gives _4, not a second _3', async () => {
    const t = await setUp();
    expect(await newFiles(t, 3)).toEqual([file(1), file(2), file(3)]);
    const third = (await t.troupe.listImages(actorId)).find((i) => i.fileName === file(3))!;
    await t.troupe.deleteImage(actorId, third.id);
    expect(await newFiles(t, 1)).toEqual([file(4)]);
    expect(await trainingFiles(t)).toEqual([file(1), file(2), file(4)]);
    expect(Object.keys((await readManifest(t)).images).sort()).toEqual([file(1), file(2), file(4)]);
  });

  it('numbers of files that import skipped (corrupt _50) or that the manifest lists without a file (_70) are spent', async () => {
    const t = await setUp();
    const seed = path.join(t.workDir, 'seed', 'data');
    const folder = path.join(seed, 'actors', '0002_seed_actor', 'training_data');
    await mkdir(folder, { recursive: true });
    await mkdir(path.join(seed, 'actors', '0002_seed_actor', 'base_image'), { recursive: true });
    await writeFile(path.join(seed, 'actors', '0002_seed_actor', 'base_image', 'b.png'), await portrait(5, 'png'));
    await writeFile(path.join(folder, '0002_seed_actor_1.jpg'), await portrait(30, 'jpeg'));
    await writeFile(path.join(folder, '0002_seed_actor_50.jpg'), (await portrait(60, 'jpeg')).subarray(0, 300));
    await mkdir(path.join(seed, 'actor_manifests'), { recursive: true });
    const entry = (index: number) => ({ prompt: 'x', type: 'photorealistic', index, generated_by: 'balancer' });
    await writeFile(
      path.join(seed, 'actor_manifests', '0002_manifest.json'),
      JSON.stringify({ images: { '0002_seed_actor_1.jpg': entry(1), '0002_seed_actor_70.jpg': entry(70) } }),
    );
    const report = await t.troupe.importSeedFolder(new SeedFolderSource(seed));
    expect(JSON.stringify(report)).toMatch(/0002_seed_actor_50\.jpg/);
    expect((await t.troupe.listImages(parseActorId('0002_seed_actor'))).map((i) => i.fileName)).toEqual([
      '0002_seed_actor_1.jpg',
    ]);
    const job = await generate(t, { actorId: '0002_seed_actor', count: 2, scenario: 'perfect' });
    const names = (await t.troupe.listImages(parseActorId('0002_seed_actor')))
      .filter((i) => i.jobId === job.id)
      .map((i) => i.fileName);
    expect(names).toEqual(['0002_seed_actor_71.jpg', '0002_seed_actor_72.jpg']);
  });

  it('a corrupt _50 alone: generate after the import starts at 51', async () => {
    const t = await setUp();
    const seed = path.join(t.workDir, 'seed', 'data');
    const folder = path.join(seed, 'actors', ACTOR_ID, 'training_data');
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, file(2)), await portrait(30, 'jpeg'));
    await writeFile(path.join(folder, file(50)), (await portrait(60, 'jpeg')).subarray(0, 300));
    await t.troupe.importSeedFolder(new SeedFolderSource(seed));
    expect(await trainingFiles(t)).toEqual([file(2)]);
    expect(await newFiles(t, 1)).toEqual([file(51)]);
  });

  it('a file on disk that no row knows (_9, left by hand or a crash) is not overwritten by a new image', async () => {
    const t = await setUp();
    await newFiles(t, 1);
    await writeFile(path.join(t.dataDir, 'actors', ACTOR_ID, 'training_data', file(9)), await portrait(90, 'jpeg'));
    expect(await newFiles(t, 1)).toEqual([file(10)]);
  });

  it('a database from before the mark gets it from the numbers its rows hold', async () => {
    const t = await setUp();
    await newFiles(t, 4);
    await t.close();
    const dbFile = path.join(t.dataDir, 'troupe.db');
    withDb(
      dbFile,
      (db) => {
        db.exec(`drop table file_number_marks; delete from kysely_migration where name = '0006_file_number_marks'`);
        db.prepare(`delete from images where file_name = ?`).run(file(2));
      },
      { isWritable: true },
    );
    const reopened = await openTestTroupe({ dataDir: t.dataDir });
    try {
      expect(await reopened.troupe.deps.fileNumbers.get(actorId)).toBe(4);
    } finally {
      await reopened.close();
    }
  });
});

const CHILD = fileURLToPath(new URL('../support/allocate-numbers-child.mjs', import.meta.url));

function allocateInChild(dbFile: string, count: number, tag: string): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, dbFile, ACTOR_ID, String(count), tag], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(JSON.parse(stdout) as number[])
        : reject(new Error(`child ${tag} exited ${code}: ${stderr}`)),
    );
  });
}

describe('allocation across processes', { timeout: 60_000 }, () => {
  it('four processes numbering at once on one database never take the same number', async () => {
    const t = await setUp();
    await newFiles(t, 2);
    await t.close();
    const dbFile = path.join(t.dataDir, 'troupe.db');
    const results = await Promise.all(['a', 'b', 'c', 'd'].map((tag) => allocateInChild(dbFile, 25, tag)));
    const all = results.flat().sort((x, y) => x - y);
    expect(all).toEqual(Array.from({ length: 100 }, (_, i) => i + 3));
    for (const numbers of results) expect([...numbers]).toEqual([...numbers].sort((x, y) => x - y));
    const mark = withDb(dbFile, (db) =>
      db.prepare('select high_water from file_number_marks where actor_id = ?').get(ACTOR_ID),
    );
    expect(mark).toEqual({ high_water: 102 });
  });
});
