// The face check on real photos (test/fixtures/faces: face-api's MIT demo photos) through the product's analyzer:
// worker threads running face-api on tfjs-wasm, started once for this file.
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { sharedFaceAnalyzer } from '../../src/adapters/faces/worker-face-analyzer.js';
import { DEFAULT_IDENTITY_THRESHOLDS } from '../../src/domain/identity/identity-thresholds.js';
import { judgeIdentity } from '../../src/domain/identity/identity-verdict.js';
import type { ImageType } from '../../src/domain/prompts/image-type.js';
import { FACE_EDITS } from '../support/face-edits.js';

const faces = sharedFaceAnalyzer();
const fixture = async (name: string) => new Uint8Array(await readFile(`test/fixtures/faces/${name}`));
let actor: Uint8Array;
let reference: readonly number[];

const verdictOf = async (bytes: Uint8Array, type: ImageType = 'photorealistic') =>
  judgeIdentity(await faces.analyze(bytes), [reference], type, DEFAULT_IDENTITY_THRESHOLDS);

beforeAll(async () => {
  actor = await fixture('actor.jpg');
  const analysis = await faces.analyze(actor);
  expect(analysis.faces).toHaveLength(1);
  reference = analysis.faces[0]!.descriptor;
}, 60_000);

describe('identity on real photos', () => {
  it('finds one face in the actor photo, with a box inside the image and a 128-D descriptor', async () => {
    const analysis = await faces.analyze(actor);
    const [face] = analysis.faces;
    expect(analysis).toMatchObject({ width: 460, height: 575 });
    expect(face!.score).toBeGreaterThan(0.5);
    expect(face!.box.x).toBeGreaterThan(0);
    expect(face!.box.x + face!.box.width).toBeLessThan(460);
    expect(face!.descriptor).toHaveLength(128);
    expect(face!.descriptor.every(Number.isFinite)).toBe(true);
    expect(Math.hypot(...face!.descriptor)).toBeGreaterThan(0.5);
  });

  it.each(FACE_EDITS.map((edit) => [edit.name, edit] as const))(
    'keeps the same person after: %s',
    async (_, edit) => {
      const verdict = await verdictOf(await edit.apply(actor), edit.type);
      expect(verdict.verdict).toBe('same_person');
    },
    60_000,
  );

  it.each(['impostor.jpg', 'other-1.jpg', 'other-2.jpg', 'other-3.jpg'])(
    'tells another person apart: %s',
    async (name) => {
      const verdict = await verdictOf(await fixture(name));
      expect(verdict.verdict).toBe('different_person');
      expect(verdict.distance).toBeGreaterThan(DEFAULT_IDENTITY_THRESHOLDS.bands.photorealistic.differentPerson);
    },
    60_000,
  );

  it('finds no face in a faceless image, and several in a picture of two people', async () => {
    const landscape = await sharp({ create: { width: 900, height: 600, channels: 3, background: '#6a8caf' } })
      .composite([
        {
          input: Buffer.from(
            '<svg width="900" height="600"><rect y="380" width="900" height="220" fill="#3c6e47"/><circle cx="700" cy="120" r="60" fill="#f6e27a"/></svg>',
          ),
        },
      ])
      .jpeg()
      .toBuffer();
    expect((await verdictOf(new Uint8Array(landscape))).verdict).toBe('no_face');
    const pair = await sharp({ create: { width: 980, height: 620, channels: 3, background: '#ffffff' } })
      .composite([
        { input: Buffer.from(actor), left: 0, top: 0 },
        { input: Buffer.from(await fixture('other-1.jpg')), left: 470, top: 0 },
      ])
      .jpeg()
      .toBuffer();
    expect((await verdictOf(new Uint8Array(pair))).verdict).toBe('several_faces');
  }, 60_000);

  it('refuses bytes that are not an image with INVALID_IMAGE, and keeps working after', async () => {
    await expect(faces.analyze(new Uint8Array([1, 2, 3, 4]))).rejects.toMatchObject({ code: 'INVALID_IMAGE' });
    expect((await faces.analyze(await fixture('other-2.jpg'))).faces).toHaveLength(1);
  }, 60_000);
});
