// Export benchmark: a user's first export of a 200-image set on a fresh install (measure every image cold, caption
// it, scale it to the default --max-side 1024, write pairs + config + README, rename), then warm exports in every
// format, against a plain copy of the same 200 files measured in the same run. Target: the first export < 10 s.
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { renderSimImage, type SimImageType } from '../src/adapters/provider/sim-renderer.js';
import { SeedFolderSource } from '../src/adapters/storage/seed-folder-source.js';
import { loadConfig } from '../src/config/load-config.js';
import defaultPrompts from '../assets/prompts/default-prompts.json' with { type: 'json' };
import { openTroupe } from '../src/main/open-troupe.js';

const IMAGE_COUNT = 200;
const TARGET_S = 10;
/** Sized like flux-kontext-pro's outputs (1248 px on the long side), so every image is scaled to 1024. */
const SIZE_PX = 1248;
const ACTOR = '0001_bench_female';
/** Generated once per machine and reused: generation is not what this measures. Bump to regenerate. */
const CORPUS_DIR = join(tmpdir(), 'troupe-bench-export-v1');
const TYPES: readonly SimImageType[] = ['photorealistic', 'bw_stylized', 'color_stylized'];

interface Row {
  readonly step: string;
  readonly seconds: number;
  readonly cpuSeconds: number;
}

async function makeSeedFolder(): Promise<string> {
  const training = join(CORPUS_DIR, 'actors', ACTOR, 'training_data');
  if (existsSync(join(CORPUS_DIR, 'actor_manifests', '0001_manifest.json'))) return CORPUS_DIR;
  console.log(`Generating ${IMAGE_COUNT} images in ${CORPUS_DIR} (not timed)...`);
  await mkdir(training, { recursive: true });
  await mkdir(join(CORPUS_DIR, 'actors', ACTOR, 'base_image'), { recursive: true });
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="1000"><rect width="800" height="1000" fill="#2b6cb0"/>
    <ellipse cx="400" cy="420" rx="220" ry="280" fill="#e8b48f"/><circle cx="330" cy="380" r="22" fill="#234"/>
    <circle cx="470" cy="380" r="22" fill="#234"/><rect x="200" y="720" width="400" height="280" rx="80" fill="#2a7"/></svg>`;
  const base = await sharp(Buffer.from(svg)).jpeg().toBuffer();
  await writeFile(join(CORPUS_DIR, 'actors', ACTOR, 'base_image', `${ACTOR}_base.jpg`), base);
  const images: Record<string, unknown> = {};
  for (let i = 1; i <= IMAGE_COUNT; i += 1) {
    const type = TYPES[i % TYPES.length] as SimImageType;
    const name = `${ACTOR}_${i}.jpg`;
    const bytes = await renderSimImage({ baseImage: base, type, seed: 5000 + i, sizePx: SIZE_PX });
    await writeFile(join(training, name), bytes);
    const prompts = defaultPrompts.prompts.filter((p) => p.type === type);
    const prompt = prompts[i % prompts.length]!.template.replaceAll('{descriptor}', 'woman');
    images[name] = { prompt, generated_at: '2025-10-17T16:55:00', index: i, type, generated_by: 'troupe' };
  }
  const manifest = { actor_id: ACTOR, descriptor: 'woman', images, total_images: IMAGE_COUNT };
  await mkdir(join(CORPUS_DIR, 'actor_manifests'), { recursive: true });
  const file = join(CORPUS_DIR, 'actor_manifests', '0001_manifest.json');
  await writeFile(`${file}.tmp`, JSON.stringify(manifest));
  await rename(`${file}.tmp`, file); // written last: a killed run regenerates everything
  return CORPUS_DIR;
}

async function timed(step: string, work: () => Promise<unknown>): Promise<Row> {
  const [started, cpuBefore] = [performance.now(), process.cpuUsage()];
  await work();
  const cpu = process.cpuUsage(cpuBefore);
  return { step, seconds: (performance.now() - started) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

async function main(): Promise<void> {
  const seed = await makeSeedFolder();
  const work = await mkdtemp(join(tmpdir(), 'troupe-bench-export-'));
  const dataDir = join(work, 'data');
  const opened = await openTroupe(loadConfig({ TROUPE_DATA_DIR: dataDir }), { isLogging: false });
  const { troupe } = opened;
  try {
    const report = await troupe.importSeedFolder(new SeedFolderSource(seed));
    const imported = report.actors[0]?.imported.length ?? 0;
    if (imported !== IMAGE_COUNT) throw new Error(`Imported ${imported} of ${IMAGE_COUNT} images.`);
    const files = (await troupe.listImages(ACTOR as never)).map((i) =>
      join(dataDir, 'actors', ACTOR, 'training_data', i.fileName),
    );
    const rows: Row[] = [];
    await mkdir(join(work, 'copy'));
    rows.push(
      await timed('baseline: plain copy of the 200 files', () =>
        Promise.all(files.map((f, i) => copyFile(f, join(work, 'copy', `${i}.jpg`)))),
      ),
    );
    const exportTo = (format: string, out: string) => () =>
      troupe.exportDataset({ actorId: ACTOR, format, out: join(work, out), trigger: 'ohwx' });
    rows.push(await timed('first export, kohya (cold: measure, caption, scale, write)', exportTo('kohya', 'kohya')));
    rows.push(await timed('export again, ai-toolkit (measurements and captions stored)', exportTo('ai-toolkit', 'ai')));
    rows.push(await timed('export again, replicate zip', exportTo('replicate', 'set.zip')));
    rows.push(await timed('export again, jsonl', exportTo('jsonl', 'jsonl')));
    const baseline = rows[0]!.seconds;
    console.log(
      `\n${IMAGE_COUNT} images of ${SIZE_PX} px scaled to 1024, ${cpus().length} CPUs, load average ${loadavg()[0]?.toFixed(1)}\n`,
    );
    console.log('| step | images | seconds | images/s | ratio to plain copy | CPU s |');
    console.log('|---|---:|---:|---:|---:|---:|');
    for (const row of rows) {
      const cells = [
        row.seconds.toFixed(2),
        (IMAGE_COUNT / row.seconds).toFixed(0),
        `${(row.seconds / baseline).toFixed(1)}x`,
      ];
      console.log(`| ${row.step} | ${IMAGE_COUNT} | ${cells.join(' | ')} | ${row.cpuSeconds.toFixed(2)} |`);
    }
    const first = rows[1]!.seconds;
    console.log(
      `\nratio: seconds over the plain copy's. Target first export: ${first.toFixed(2)} s ${first < TARGET_S ? '<' : '>='} ${TARGET_S} s: ${first < TARGET_S ? 'met' : 'NOT met'}.`,
    );
  } finally {
    await opened.close();
    await rm(work, { recursive: true, force: true });
  }
}

await main();
