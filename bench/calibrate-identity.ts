// Identity calibration: the face-api demo photos (22 faces) and Troupe's own edits of one face, measured with the
// product's engine, printed as the table the thresholds in src/domain/identity/identity-thresholds.ts come from.
// Also compares the two detectors (tiny vs SSD MobileNet) on faces found, edit distances and time per image.
import { readFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import sharp from 'sharp';
import {
  DEFAULT_FACE_ENGINE_OPTIONS,
  FaceApiEngine,
  type FaceDetectorName,
} from '../src/adapters/faces/face-api-engine.js';
import { renderSimImage, type SimImageType } from '../src/adapters/provider/sim-renderer.js';
import { descriptorDistance, type FaceAnalysis } from '../src/domain/identity/face-analysis.js';
import { DEFAULT_IDENTITY_THRESHOLDS } from '../src/domain/identity/identity-thresholds.js';
import { describeVerdict, judgeIdentity } from '../src/domain/identity/identity-verdict.js';
import type { ImageType } from '../src/domain/prompts/image-type.js';
import { FACE_EDITS } from '../test/support/face-edits.js';

const DEMO = 'node_modules/@vladmandic/face-api/demo';
const ACTOR = 'test/fixtures/faces/actor.jpg';
const T = DEFAULT_IDENTITY_THRESHOLDS;

interface Row {
  readonly group: string;
  readonly name: string;
  readonly type: ImageType;
  readonly analysis: FaceAnalysis;
}

async function measure(engine: FaceApiEngine, bytes: Uint8Array): Promise<{ analysis: FaceAnalysis; ms: number }> {
  const started = performance.now();
  const analysis = await engine.analyze(bytes);
  return { analysis, ms: performance.now() - started };
}

async function simRenders(actor: Uint8Array): Promise<{ name: string; type: ImageType; bytes: Uint8Array }[]> {
  const types: SimImageType[] = ['photorealistic', 'bw_stylized', 'color_stylized'];
  const renders = [];
  for (const type of types) {
    for (const seed of [1, 2, 3, 4]) {
      renders.push({
        name: `sim ${type} seed ${seed}`,
        type,
        bytes: await renderSimImage({ baseImage: actor, type, seed }),
      });
    }
  }
  return renders;
}

async function collect(detector: FaceDetectorName) {
  const engine = await FaceApiEngine.load({ detector, analysisMaxSidePx: 1024 });
  const actorBytes = new Uint8Array(await readFile(ACTOR));
  const reference = (await engine.analyze(actorBytes)).faces[0]!.descriptor;
  const rows: Row[] = [];
  const times: number[] = [];
  for (const edit of FACE_EDITS) {
    const { analysis, ms } = await measure(engine, await edit.apply(actorBytes));
    times.push(ms);
    rows.push({ group: 'same face, edited', name: edit.name, type: edit.type, analysis });
  }
  for (const render of await simRenders(actorBytes)) {
    const { analysis, ms } = await measure(engine, render.bytes);
    times.push(ms);
    rows.push({ group: 'same face, sim render', name: render.name, type: render.type, analysis });
  }
  let demoFaces = 0;
  const people: { name: string; descriptor: readonly number[]; photo: number; yaw: number }[] = [];
  for (const photo of [1, 2, 3, 4, 5, 6]) {
    const { analysis } = await measure(engine, new Uint8Array(await readFile(`${DEMO}/sample${photo}.jpg`)));
    demoFaces += analysis.faces.length;
    [...analysis.faces]
      .sort((a, b) => a.box.x - b.box.x)
      .forEach((face, i) =>
        people.push({ name: `sample${photo} face ${i + 1}`, descriptor: face.descriptor, photo, yaw: face.yaw }),
      );
  }
  const blank = await sharp({ create: { width: 1024, height: 1024, channels: 3, background: '#7a8fa6' } })
    .jpeg()
    .toBuffer();
  const drawn = await sharp('assets/demo/demo-character.svg').jpeg().toBuffer();
  for (const [name, bytes] of [
    ['flat colour', blank],
    ['drawn portrait (old demo SVG)', drawn],
  ] as const) {
    rows.push({ group: 'no face', name, type: 'photorealistic', analysis: (await measure(engine, bytes)).analysis });
  }
  return { engine, reference, rows, times, demoFaces, people };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function main(): Promise<void> {
  console.log(
    `Identity calibration on ${cpus().length} cores (load average ${loadavg()[0]!.toFixed(2)}; the CPU may be shared)\n`,
  );
  const results = new Map<FaceDetectorName, Awaited<ReturnType<typeof collect>>>();
  for (const detector of ['tiny', 'ssd', 'tiny_then_ssd'] as const) results.set(detector, await collect(detector));

  console.log('Detectors (1,024 px analysis size):');
  console.log(
    '| detector | demo faces found (of 22) | edits+renders with a face | max same-face distance | median ms/image |',
  );
  console.log('|---|---|---|---|---|');
  for (const [detector, r] of results) {
    const same = r.rows.filter((row) => row.group.startsWith('same face'));
    const found = same.filter((row) => row.analysis.faces.length > 0);
    const worst = Math.max(...found.map((row) => descriptorDistance(row.analysis.faces[0]!.descriptor, r.reference)));
    console.log(
      `| ${detector} | ${r.demoFaces} | ${found.length}/${same.length} | ${worst.toFixed(3)} | ${median(r.times).toFixed(0)} |`,
    );
  }

  const chosen = results.get(DEFAULT_FACE_ENGINE_OPTIONS.detector)!;
  console.log(
    `\nThe product's detector (${DEFAULT_FACE_ENGINE_OPTIONS.detector}). Reference: test/fixtures/faces/actor.jpg (sample3 face 1).`,
  );
  console.log(
    `Bands: photorealistic same <= ${T.bands.photorealistic.samePerson}, different > ${T.bands.photorealistic.differentPerson}; stylized same <= ${T.bands.bw_stylized.samePerson}, different > ${T.bands.bw_stylized.differentPerson}\n`,
  );
  console.log('| group | image | type | faces | distance | verdict |');
  console.log('|---|---|---|---|---|---|');
  for (const row of chosen.rows) {
    const verdict = judgeIdentity(row.analysis, [chosen.reference], row.type, T);
    const distance = verdict.distance === null ? '-' : verdict.distance.toFixed(3);
    console.log(
      `| ${row.group} | ${row.name} | ${row.type} | ${row.analysis.faces.length} | ${distance} | ${describeVerdict(verdict)} |`,
    );
  }
  const actorFace = chosen.people.find((p) => p.name === 'sample3 face 1')!;
  const others = chosen.people.filter((p) => p !== actorFace);
  for (const other of others) {
    const d = descriptorDistance(other.descriptor, chosen.reference);
    const yawNote = other.yaw < T.minYaw || other.yaw > 1 - T.minYaw ? ' (turned away)' : '';
    const kind =
      d <= T.bands.photorealistic.samePerson
        ? 'same person'
        : d > T.bands.photorealistic.differentPerson
          ? 'different person'
          : 'doubtful';
    console.log(`| other person | ${other.name}${yawNote} | photo | 1 | ${d.toFixed(3)} | ${kind} |`);
  }
  const withinPhoto: number[] = [];
  const frontal = (p: (typeof others)[number]) => p.yaw >= T.minYaw && p.yaw <= 1 - T.minYaw;
  for (const a of chosen.people)
    for (const b of chosen.people)
      if (a.name < b.name && a.photo === b.photo) withinPhoto.push(descriptorDistance(a.descriptor, b.descriptor));
  const withinFrontal: number[] = [];
  for (const a of chosen.people.filter(frontal))
    for (const b of chosen.people.filter(frontal))
      if (a.name < b.name && a.photo === b.photo) withinFrontal.push(descriptorDistance(a.descriptor, b.descriptor));
  const sorted = [...withinPhoto].sort((a, b) => a - b);
  console.log(
    `\nDifferent people for certain (two faces of one photo, ${withinPhoto.length} pairs): min ${sorted[0]!.toFixed(3)}, median ${median(sorted).toFixed(3)}; both facing the camera (${withinFrontal.length} pairs): min ${Math.min(...withinFrontal).toFixed(3)}`,
  );
  const same = chosen.rows.filter((row) => row.group.startsWith('same face') && row.analysis.faces.length > 0);
  for (const type of ['photorealistic', 'bw_stylized', 'color_stylized'] as const) {
    const ds = same
      .filter((row) => row.type === type)
      .map((row) => descriptorDistance(row.analysis.faces[0]!.descriptor, chosen.reference));
    console.log(
      `Same face, ${type}: ${ds.length} images, max distance ${Math.max(...ds).toFixed(3)}, median ${median(ds).toFixed(3)}`,
    );
  }
}

await main();
