import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { parse as parseToml } from 'smol-toml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { endsInFourIntegers } from '../../src/domain/export/export-stems.js';
import {
  ACTOR_ID,
  addTestActor,
  generate,
  openTestTroupe,
  readManifest,
  type TestTroupe,
} from '../support/test-troupe.js';
import { parseKohyaFolderName, readPairs, readZip } from '../support/trainer-readers.js';

let t: TestTroupe;
let out: string;
const TRIGGER = 'ohwx';

beforeAll(async () => {
  t = await openTestTroupe();
  await addTestActor(t);
  await generate(t, { count: 12 });
  out = path.join(t.workDir, 'exports');
  await mkdir(out);
}, 120_000);

afterAll(async () => {
  await t.close();
});

function expectCaptionLine(caption: string): void {
  expect(caption.endsWith('\n')).toBe(true);
  const lines = caption.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]!.startsWith(`${TRIGGER} woman, `)).toBe(true);
  expect(lines[0]).not.toMatch(/\b(face|eyes|skin|age|ethnicity|hair)\b/);
}

describe('export kohya', () => {
  it('writes img/{repeats}_{trigger} {class}/ with a caption per image and a dataset.toml kohya reads', async () => {
    const target = path.join(out, 'kohya');
    const result = await t.troupe.exportDataset({ actorId: ACTOR_ID, format: 'kohya', trigger: TRIGGER, out: target });
    expect(result.imageCount).toBe(12);
    const [folderName] = await readdir(path.join(target, 'img'));
    expect(parseKohyaFolderName(folderName!)).toEqual({ repeats: 10, trigger: TRIGGER, captionClass: 'woman' });
    const pairs = await readPairs(path.join(target, 'img', folderName!));
    expect(pairs).toHaveLength(12);
    for (const pair of pairs) {
      expectCaptionLine(pair.caption);
      expect(endsInFourIntegers(pair.stem)).toBe(false);
    }
    const toml = parseToml(await readFile(path.join(target, 'dataset.toml'), 'utf8')) as {
      general: Record<string, unknown>;
      datasets: { subsets: Record<string, unknown>[] }[];
    };
    expect(toml.general).toMatchObject({ caption_extension: '.txt', keep_tokens: 1, enable_bucket: true });
    const subset = toml.datasets[0]!.subsets[0]!;
    expect(subset).toMatchObject({ class_tokens: `${TRIGGER} woman`, num_repeats: 10, keep_tokens: 1 });
    expect(subset.image_dir).toBe(path.join(target, 'img', folderName!));
    const readme = await readFile(path.join(target, 'README.md'), 'utf8');
    expect(readme).toContain('Images: 12');
    expect(readme).toMatch(/\| photorealistic \| \d+ \|/);
    expect(readme).toContain('repeats 10');
  });

  it('captions follow the prompt that made each image and the pixels (black and white vs colour)', async () => {
    const manifest = await readManifest(t);
    const images = await t.troupe.listImages(ACTOR_ID as never);
    for (const image of images) {
      const entry = manifest.images[image.fileName]!;
      expect(entry.caption_source).toBe('prompt');
      expect(entry.caption).toMatch(/^[a-z0-9]+ woman, /);
      const library = await t.troupe.deps.prompts.load(null);
      const prompt = library.prompts.find((p) => p.id === image.promptId)!;
      expect(entry.caption).toContain(prompt.caption!.framing ?? prompt.caption!.style!);
      if (image.type === 'bw_stylized') expect(entry.caption).toContain('black and white');
      if (image.type === 'photorealistic') expect(entry.caption).not.toContain('black and white');
    }
  });
});

describe('export ai-toolkit, jsonl and replicate', () => {
  it('ai-toolkit: the yaml parses and points at the folder of pairs', async () => {
    const target = path.join(out, 'ai');
    await t.troupe.exportDataset({ actorId: ACTOR_ID, format: 'ai-toolkit', trigger: TRIGGER, out: target });
    const yaml = parseYaml(await readFile(path.join(target, 'ai-toolkit.yaml'), 'utf8')) as {
      config: { process: { trigger_word: string; datasets: Record<string, unknown>[] }[] };
    };
    const process = yaml.config.process[0]!;
    expect(process.trigger_word).toBe(TRIGGER);
    const dataset = process.datasets[0]!;
    expect(dataset).toMatchObject({ caption_ext: 'txt', resolution: [512, 768, 1024] });
    expect(typeof dataset.caption_dropout_rate).toBe('number');
    const pairs = await readPairs(dataset.folder_path as string);
    expect(pairs).toHaveLength(12);
    pairs.forEach((p) => expectCaptionLine(p.caption));
  });

  it('jsonl: one line per image with file_name, image_path and caption', async () => {
    const target = path.join(out, 'jsonl');
    await t.troupe.exportDataset({ actorId: ACTOR_ID, format: 'jsonl', trigger: TRIGGER, out: target });
    const text = await readFile(path.join(target, 'images', 'metadata.jsonl'), 'utf8');
    const rows = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { file_name: string; image_path: string; caption: string });
    expect(rows).toHaveLength(12);
    for (const row of rows) {
      expect(existsSync(path.join(target, 'images', row.file_name))).toBe(true);
      expect(existsSync(row.image_path)).toBe(true);
      expectCaptionLine(`${row.caption}\n`);
    }
  });

  it('replicate: a zip of image + caption pairs, README outside the image folder', async () => {
    const target = path.join(out, 'set.zip');
    await t.troupe.exportDataset({ actorId: ACTOR_ID, format: 'replicate', trigger: TRIGGER, out: target });
    const entries = await readZip(target);
    expect(entries.has('README.md')).toBe(true);
    expect(entries.get('README.md')!.toString()).toContain('autocaption = false');
    const images = [...entries.keys()].filter((name) => /\.(jpe?g|png)$/.test(name));
    expect(images).toHaveLength(12);
    for (const image of images) {
      expect(image.startsWith('images/')).toBe(true);
      const caption = entries.get(image.replace(/\.[a-z]+$/, '.txt'));
      expect(caption).toBeDefined();
      expectCaptionLine(caption!.toString());
      expect((await sharp(entries.get(image)!).metadata()).width).toBeGreaterThan(0);
    }
  });
});

describe('export settings', () => {
  it('scales down to --max-side, never up, and --square crops square', async () => {
    const small = path.join(out, 'small');
    const big = path.join(out, 'big');
    const result = await t.troupe.exportDataset({
      actorId: ACTOR_ID,
      format: 'ai-toolkit',
      out: small,
      maxSidePx: 300,
      isSquare: true,
    });
    expect(result.resizedCount).toBe(12);
    for (const pair of await readPairs(path.join(small, 'images'))) {
      const meta = await sharp(path.join(small, 'images', pair.image)).metadata();
      expect(meta.width).toBe(300);
      expect(meta.height).toBe(300);
    }
    const original = await t.troupe.listImages(ACTOR_ID as never);
    const bigResult = await t.troupe.exportDataset({
      actorId: ACTOR_ID,
      format: 'ai-toolkit',
      out: big,
      maxSidePx: 8000,
    });
    expect(bigResult.resizedCount).toBe(0);
    const sizes = await Promise.all(
      (await readPairs(path.join(big, 'images'))).map(
        async (p) => (await sharp(path.join(big, 'images', p.image)).metadata()).width,
      ),
    );
    expect(sizes.sort()).toEqual(original.map((i) => i.width).sort());
  });

  it('uses the actor trigger word when none is given, and refuses an existing target unless forced', async () => {
    await t.troupe.updateActor(ACTOR_ID, { triggerWord: 'zxqv' });
    const target = path.join(out, 'kohya');
    await expect(t.troupe.exportDataset({ actorId: ACTOR_ID, format: 'kohya', out: target })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('--force'),
    });
    await t.troupe.exportDataset({ actorId: ACTOR_ID, format: 'kohya', out: target, isReplacing: true });
    const [folderName] = await readdir(path.join(target, 'img'));
    expect(folderName).toBe('10_zxqv woman');
    expect((await readManifest(t)).images[Object.keys((await readManifest(t)).images)[0]!]!.caption).toMatch(
      /^zxqv woman, /,
    );
    await t.troupe.updateActor(ACTOR_ID, { triggerWord: TRIGGER });
  });
});

describe('export refuses bad requests and writes nothing', () => {
  const cases: [string, Record<string, unknown>, string, string][] = [
    ['a bad actor id', { actorId: '../x' }, 'INVALID_ACTOR_ID', 'Actor id "../x" is invalid'],
    ['an unknown actor', { actorId: '0009_nobody' }, 'NOT_FOUND', 'Actor 0009_nobody not found'],
    ['an unknown format', { format: 'lora-zip' }, 'INVALID_INPUT', 'use one of kohya, ai-toolkit, replicate, jsonl'],
    ['a bad trigger', { trigger: 'two words' }, 'INVALID_INPUT', 'Trigger word "two words" is invalid'],
    ['bad repeats', { repeats: '0' }, 'INVALID_INPUT', '--repeats must be a whole number from 1 to 1000'],
    ['a bad max side', { maxSidePx: 'big' }, 'INVALID_INPUT', '--max-side must be a whole number'],
  ];
  it.each(cases)('%s', async (_label, patch, code, fragment) => {
    const target = path.join(out, 'refused');
    const request = { actorId: ACTOR_ID, format: 'kohya', out: target, ...patch } as never;
    await expect(t.troupe.exportDataset(request)).rejects.toMatchObject({
      code,
      message: expect.stringContaining(fragment),
    });
    expect(existsSync(target)).toBe(false);
    expect((await readdir(out)).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('an empty set, and a set too small for Replicate', async () => {
    await t.troupe.addActorFromFile({
      id: '0002_empty',
      baseImagePath: path.join(t.workDir, `${ACTOR_ID}.png`),
      descriptor: 'man',
    });
    const target = path.join(out, 'empty');
    await expect(t.troupe.exportDataset({ actorId: '0002_empty', format: 'kohya', out: target })).rejects.toMatchObject(
      {
        code: 'INVALID_INPUT',
        message: expect.stringContaining('has no images to export'),
      },
    );
    expect(existsSync(target)).toBe(false);
    const job = await t.troupe.createJob({ actorId: '0002_empty', count: 3, providerOptions: { scenario: 'perfect' } });
    await t.clock.runUntil(t.troupe.runJob(job.id, { owner: t.owner }));
    const zip = path.join(out, 'few.zip');
    await expect(
      t.troupe.exportDataset({ actorId: '0002_empty', format: 'replicate', out: zip }),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('needs at least 10 images; actor 0002_empty has 3'),
    });
    expect(existsSync(zip)).toBe(false);
  });

  it('an unwritable target', async () => {
    const file = path.join(out, 'a-file');
    await writeFile(file, 'x');
    await expect(
      t.troupe.exportDataset({ actorId: ACTOR_ID, format: 'kohya', out: path.join(file, 'inside') }),
    ).rejects.toMatchObject({
      code: 'STORAGE',
      message: expect.stringContaining('choose an --out in a writable folder'),
    });
    expect(await readFile(file, 'utf8')).toBe('x');
  });
});
