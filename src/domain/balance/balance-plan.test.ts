import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ActorId } from '../actors/actor-id.js';
import type { ImageMeasurements } from '../evaluation/image-measurements.js';
import type { ImageRecord } from '../images/image-record.js';
import type { ImageType } from '../prompts/image-type.js';
import { planBalance } from './balance-plan.js';
import { findDefects, type EvaluatedImage } from './image-defects.js';
import { DEFAULT_THRESHOLDS } from './quality-thresholds.js';
import { qualityScore } from './quality-score.js';

let next = 0;

/** A well-mixed 32-bit value, so unrelated fixtures get hashes about 32 bits apart, as different pictures do. */
function mix(n: number): number {
  let x = Math.imul(n ^ 0x5bd1e995, 0x9e3779b1);
  x ^= x >>> 15;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  return x >>> 0;
}
function entry(
  type: ImageType | null,
  m: Partial<ImageMeasurements> = {},
  image: Partial<ImageRecord> = {},
): EvaluatedImage {
  next += 1;
  const hash =
    mix(next).toString(16).padStart(8, '0') +
    mix(next + 1000)
      .toString(16)
      .padStart(8, '0');
  return {
    image: {
      id: `img_${next}`,
      actorId: 'a' as ActorId,
      fileName: `a_${next}.jpg`,
      number: next,
      type,
      prompt: null,
      promptId: null,
      s3Url: null,
      generatedAt: '',
      generatedBy: 'troupe',
      jobId: null,
      attemptId: null,
      width: 1024,
      height: 1024,
      sizeBytes: 300_000,
      sha256: String(next),
      ...image,
    },
    measurements: {
      width: 1024,
      height: 1024,
      meanChroma: type === 'bw_stylized' ? 0.5 : 40,
      hueConcentration: 0.3,
      colorClass: type === 'bw_stylized' ? 'monochrome' : 'color',
      colorfulness: type === 'color_stylized' ? 180 : 60,
      saturation: type === 'color_stylized' ? 0.8 : 0.4,
      pHash: hash,
      dHash: hash.split('').reverse().join(''),
      sharpness: 100,
      brightnessP5: 20,
      brightnessP99: 230,
      entropyBits: 7,
      ...m,
    },
  };
}

const kinds = (defects: ReturnType<typeof findDefects>, e: EvaluatedImage) =>
  (defects.get(e.image.id) ?? []).map((d) => d.kind);

describe('findDefects', () => {
  it('flags each kind of problem on the image that has it, and nothing on sound images', () => {
    const sound = [entry('photorealistic'), entry('photorealistic'), entry('color_stylized'), entry('bw_stylized')];
    const blurry = entry('photorealistic', { sharpness: 10 });
    const dark = entry('photorealistic', { brightnessP99: 40 });
    const washed = entry('photorealistic', { brightnessP5: 200 });
    const blank = entry('color_stylized', { entropyBits: 0.4 });
    const small = entry('photorealistic', { width: 300, height: 400 });
    const wide = entry('photorealistic', { width: 3000, height: 900 });
    const mislabelled = entry('bw_stylized', { colorClass: 'color' });
    const corrupt: EvaluatedImage = {
      image: entry('photorealistic').image,
      measurements: null,
      unreadable: 'unreadable image',
    };
    const set = [...sound, blurry, dark, washed, blank, small, wide, mislabelled, corrupt];
    const defects = findDefects(set, DEFAULT_THRESHOLDS);
    for (const e of sound) expect(kinds(defects, e)).toEqual([]);
    expect(kinds(defects, blurry)).toEqual(['blurry']);
    expect(kinds(defects, dark)).toEqual(['dark']);
    expect(kinds(defects, washed)).toEqual(['washed_out']);
    expect(kinds(defects, blank)).toEqual(['low_information']);
    expect(kinds(defects, small)).toEqual(['too_small']);
    expect(kinds(defects, wide)).toEqual(['odd_aspect']);
    expect(kinds(defects, mislabelled)).toEqual(['mislabelled']);
    expect(kinds(defects, corrupt)).toEqual(['corrupt']);
  });

  it('groups near-duplicates of one type and keeps the one with the most pixels, then the least compressed', () => {
    const original = entry('photorealistic', { pHash: 'ffff0000ffff0000', dHash: '00ff00ff00ff00ff' });
    const resized = entry('photorealistic', {
      pHash: 'ffff0000ffff0001',
      dHash: '00ff00ff00ff00ff',
      width: 512,
      height: 512,
    });
    const reencoded = entry(
      'photorealistic',
      { pHash: 'ffff0000ffff0003', dHash: '00ff00ff00ff00fe', sharpness: 140 },
      { sizeBytes: 120_000 },
    );
    const bwTake = entry('bw_stylized', { pHash: 'ffff0000ffff0000', dHash: '00ff00ff00ff00ff' });
    const defects = findDefects([resized, reencoded, original, bwTake], DEFAULT_THRESHOLDS);
    expect(kinds(defects, original)).toEqual([]);
    expect(defects.get(resized.image.id)?.[0]).toMatchObject({
      kind: 'duplicate',
      of: original.image.fileName,
      distance: 1,
    });
    expect(defects.get(reencoded.image.id)?.[0]).toMatchObject({ kind: 'duplicate', of: original.image.fileName });
    expect(kinds(defects, bwTake)).toEqual([]);
  });

  it('judges sharpness only against a set big enough to have a median', () => {
    const set = [entry('photorealistic', { sharpness: 100 }), entry('photorealistic', { sharpness: 5 })];
    expect(findDefects(set, DEFAULT_THRESHOLDS).size).toBe(0);
  });
});

describe('planBalance', () => {
  const target = { photorealistic: 2, bw_stylized: 1, color_stylized: 1 };

  it('deletes defective images and the weakest over-quota ones, and tops up what is short', () => {
    const photos = [
      entry('photorealistic', { sharpness: 90 }),
      entry('photorealistic', { sharpness: 50 }),
      entry('photorealistic', { sharpness: 70 }),
    ];
    const dark = entry('color_stylized', { brightnessP99: 10 });
    const set = [...photos, dark, entry('bw_stylized')];
    const plan = planBalance(set, findDefects(set, DEFAULT_THRESHOLDS), { target, maxDelete: 100, isDeleting: true });
    expect(plan.deletions.map((d) => [d.entry.image.id, d.reasons[0]!.kind])).toEqual([
      [dark.image.id, 'dark'],
      [photos[1]!.image.id, 'over_quota'],
    ]);
    expect(plan.generate).toEqual({ photorealistic: 0, bw_stylized: 0, color_stylized: 1 });
    expect(plan.isBalanced).toBe(false);
  });

  it('leaves the types a target does not name alone: no over-quota deletions, no top-up', () => {
    const set = [
      entry('photorealistic'),
      entry('photorealistic'),
      entry('photorealistic'),
      ...Array.from({ length: 6 }, () => entry('bw_stylized')),
      entry('color_stylized', { brightnessP99: 10 }),
    ];
    const partial = { photorealistic: 2, bw_stylized: null, color_stylized: null };
    const plan = planBalance(set, findDefects(set, DEFAULT_THRESHOLDS), {
      target: partial,
      maxDelete: 100,
      isDeleting: true,
    });
    expect(plan.deletions).toHaveLength(1);
    expect(plan.deletions[0]!.entry.image.type).toBe('photorealistic');
    expect(plan.after).toMatchObject({ photorealistic: 2, bw_stylized: 6, color_stylized: 1 });
    expect(plan.generate).toEqual({ photorealistic: 0, bw_stylized: 0, color_stylized: 0 });
    expect(plan.keptDespiteDefects.map((d) => d.reasons[0]!.kind)).toEqual(['dark']);
  });

  it('over quota never takes the surviving copy of a near-duplicate pair whose other copy it deletes', () => {
    // The survivor (most pixels) is the softest of the type, so by score alone it would go over quota.
    const survivor = entry('photorealistic', {
      pHash: 'ffff0000ffff0000',
      dHash: '00ff00ff00ff00ff',
      width: 2048,
      height: 2048,
      sharpness: 40,
    });
    const copy = entry('photorealistic', { pHash: 'ffff0000ffff0001', dHash: '00ff00ff00ff00ff', sharpness: 40 });
    const others = [entry('photorealistic', { sharpness: 100 }), entry('photorealistic', { sharpness: 110 })];
    const set = [survivor, copy, ...others];
    const plan = planBalance(set, findDefects(set, DEFAULT_THRESHOLDS), {
      target: { photorealistic: 1, bw_stylized: 0, color_stylized: 0 },
      maxDelete: 100,
      isDeleting: true,
    });
    const deleted = plan.deletions.map((d) => d.entry.image.id);
    expect(deleted).toContain(copy.image.id);
    expect(deleted).not.toContain(survivor.image.id);
    expect(plan.after.photorealistic).toBe(1);
  });

  it('takes the lowest quality scores over quota and states each score', () => {
    const photos = [
      entry('photorealistic', { sharpness: 100, width: 1024, height: 1024 }),
      entry('photorealistic', { sharpness: 100, width: 600, height: 600 }),
      entry('photorealistic', { sharpness: 100, entropyBits: 3 }),
      entry('photorealistic', { sharpness: 100 }),
    ];
    const plan = planBalance(photos, findDefects(photos, DEFAULT_THRESHOLDS), {
      target: { photorealistic: 2, bw_stylized: 0, color_stylized: 0 },
      maxDelete: 100,
      isDeleting: true,
    });
    expect(plan.deletions.map((d) => d.entry.image.id).sort()).toEqual(
      [photos[1]!.image.id, photos[2]!.image.id].sort(),
    );
    for (const d of plan.deletions) {
      expect(d.score!.total).toBeLessThan(qualityScore(photos[0]!.measurements!, { medianSharpness: 100 }).total);
      expect(d.score!.parts.map((p) => p.name)).toEqual(['sharpness', 'resolution', 'tonal range', 'detail']);
    }
  });

  it('counts images still to come from running jobs before generating', () => {
    const set = [entry('photorealistic')];
    const plan = planBalance(set, findDefects(set, DEFAULT_THRESHOLDS), {
      target: { photorealistic: 5, bw_stylized: 2, color_stylized: 0 },
      maxDelete: 100,
      isDeleting: true,
      incoming: { photorealistic: 3, bw_stylized: 0, color_stylized: 4 },
    });
    expect(plan.generate).toEqual({ photorealistic: 1, bw_stylized: 2, color_stylized: 0 });
  });

  it('types unlabelled images from their pixels, never leaving a readable one unknown', () => {
    const photo = entry(null, { colorClass: 'color', colorfulness: 70, saturation: 0.4 });
    const graded = entry(null, { colorClass: 'color', colorfulness: 170, saturation: 0.8 });
    const mono = entry(null, { colorClass: 'monochrome', colorfulness: 2, saturation: 0.01 });
    const warm = entry(null, { colorClass: 'uncertain', colorfulness: 50, saturation: 0.3 });
    const set = [photo, graded, mono, warm];
    const plan = planBalance(set, findDefects(set, DEFAULT_THRESHOLDS), { target, maxDelete: 0, isDeleting: true });
    expect(plan.before).toEqual({ photorealistic: 2, bw_stylized: 1, color_stylized: 1, unknown: 0 });
    expect(plan.typedFromPixels.size).toBe(4);
  });

  it('is balanced when the set matches its target and has no problems', () => {
    const set = [entry('photorealistic'), entry('photorealistic'), entry('bw_stylized'), entry('color_stylized')];
    const plan = planBalance(set, findDefects(set, DEFAULT_THRESHOLDS), { target, maxDelete: 100, isDeleting: true });
    expect(plan).toMatchObject({
      deletions: [],
      isBalanced: true,
      generate: { photorealistic: 0, bw_stylized: 0, color_stylized: 0 },
    });
  });

  it('never deletes more than the cap, never generates past the target, and ends at the target when allowed to', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom<ImageType>('photorealistic', 'bw_stylized', 'color_stylized'), { maxLength: 12 }),
        fc.integer({ min: 0, max: 12 }),
        (types, maxDelete) => {
          const set = types.map((t) => entry(t));
          const plan = planBalance(set, findDefects(set, DEFAULT_THRESHOLDS), { target, maxDelete, isDeleting: true });
          expect(plan.deletions.length).toBeLessThanOrEqual(maxDelete);
          for (const t of ['photorealistic', 'bw_stylized', 'color_stylized'] as const) {
            expect(plan.after[t] + plan.generate[t]).toBeGreaterThanOrEqual(target[t]);
            if (plan.keptDespiteDefects.length === 0) expect(plan.after[t] + plan.generate[t]).toBe(target[t]);
          }
        },
      ),
    );
  });
});
