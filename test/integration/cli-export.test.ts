import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killStrayTroupes, makeWorkspace, removeWorkspace, runTroupe, type Workspace } from '../support/run-troupe.js';
import { parseKohyaFolderName, readPairs } from '../support/trainer-readers.js';

const DEMO = '0000_demo_character';
let ws: Workspace;

beforeAll(async () => {
  ws = await makeWorkspace();
  const demo = await runTroupe(ws, ['demo', '--count', '6', '--scenario', 'perfect']);
  expect(demo.code, demo.stderr).toBe(0);
}, 120_000);

afterAll(async () => {
  killStrayTroupes();
  await removeWorkspace(ws);
});

describe('troupe export, real binary', () => {
  it('writes the kohya folder and says what it wrote; an existing target needs --force', async () => {
    const args = ['export', '--actor-id', DEMO, '--format', 'kohya', '--trigger', 'ohwx', '--out', 'lora'];
    const first = await runTroupe(ws, args);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(
      /^Exported \d+ images \(photorealistic \d+, bw_stylized \d+, color_stylized \d+\) as kohya to /,
    );
    const [folder] = await readdir(path.join(ws.root, 'lora', 'img'));
    expect(parseKohyaFolderName(folder!)).toMatchObject({ repeats: 10, trigger: 'ohwx' });
    const pairs = await readPairs(path.join(ws.root, 'lora', 'img', folder!));
    expect(pairs.length).toBeGreaterThan(0);
    const again = await runTroupe(ws, args);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists: choose another --out, or pass --force to replace it.');
    const forced = await runTroupe(ws, [...args, '--repeats', '3', '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(await readdir(path.join(ws.root, 'lora', 'img'))).toEqual([folder!.replace(/^10_/, '3_')]);
    expect(await readFile(path.join(ws.root, 'lora', 'dataset.toml'), 'utf8')).toContain('num_repeats = 3');
  });

  it.each([
    [['--format', 'lora'], 'Export format "lora" is unknown: use one of kohya, ai-toolkit, replicate, jsonl.'],
    [['--format', 'kohya', '--repeats', 'ten'], '--repeats must be a whole number from 1 to 1000'],
    [['--format', 'replicate'], 'needs at least 10 images'],
  ])('refuses %j with exit 2 and writes nothing', async (extra, message) => {
    const result = await runTroupe(ws, ['export', '--actor-id', DEMO, '--out', 'refused', ...extra]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(existsSync(path.join(ws.root, 'refused'))).toBe(false);
  });

  it('pins and unpins by file name', async () => {
    const pin = await runTroupe(ws, ['images', 'pin', `${DEMO}_1.jpg`, `${DEMO}_2.jpg`, '--actor-id', DEMO]);
    expect(pin.code, pin.stderr).toBe(0);
    expect(pin.stdout).toBe('Pinned 2 images; 2 pinned in all.\n');
    const list = await runTroupe(ws, ['images', 'list', '--actor-id', DEMO]);
    expect(list.stdout.split('\n').filter((l) => l.includes('pinned'))).toHaveLength(2);
    const unpin = await runTroupe(ws, ['images', 'unpin', `${DEMO}_1.jpg`, '--actor-id', DEMO]);
    expect(unpin.stdout).toBe('Unpinned 1 image; 1 pinned in all.\n');
    const bad = await runTroupe(ws, ['images', 'pin', 'nope.jpg', '--actor-id', DEMO]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Image nope.jpg of actor 0000_demo_character not found');
  });
});
