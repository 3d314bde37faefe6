import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSeedManifest } from './parse-seed-manifest.js';

const SEED_ENTRY = {
  prompt: 'Transform the woman into a cinematic portrait...',
  prompt_preview: 'Transform the woman...',
  generated_at: '2025-10-17T16:55:00.000000',
  s3_url: 'https://bucket.s3.amazonaws.com/actors/0001_european_20_female/training_data/0001_15.jpg',
  local_path: 'data/actors/0001_european_20_female/training_data/0001_15.jpg',
  index: 15,
  type: 'photorealistic',
  generated_by: 'balancer',
};

describe('parseSeedManifest', () => {
  it('reads a well-formed seed manifest with no problems', () => {
    const parsed = parseSeedManifest({
      actor_id: '0001_european_20_female',
      descriptor: 'woman',
      base_images: ['data/actors/0001_european_20_female/base_image/base.jpg'],
      images: { '0001_15.jpg': SEED_ENTRY },
      generations: [],
      total_images: 1,
    });
    expect(parsed.problems).toEqual([]);
    expect(parsed).toMatchObject({
      actorId: '0001_european_20_female',
      descriptor: 'woman',
      baseImages: ['data/actors/0001_european_20_female/base_image/base.jpg'],
    });
    expect(parsed.entries.get('0001_15.jpg')).toEqual({
      prompt: SEED_ENTRY.prompt,
      type: 'photorealistic',
      generatedAt: SEED_ENTRY.generated_at,
      generatedBy: 'balancer',
      index: 15,
      s3Url: SEED_ENTRY.s3_url,
    });
  });

  it('defaults missing fields to null and an absent images object to no entries', () => {
    const parsed = parseSeedManifest({ images: { 'a_1.jpg': {} } });
    expect(parsed.problems).toEqual([]);
    expect(parsed.actorId).toBeUndefined();
    expect(parsed.baseImages).toEqual([]);
    expect(parsed.entries.get('a_1.jpg')).toEqual({
      prompt: null,
      type: null,
      generatedAt: null,
      generatedBy: null,
      index: null,
      s3Url: null,
    });
    expect(parseSeedManifest({}).entries.size).toBe(0);
  });

  it('ignores each wrong-typed field, keeps the rest of the entry, and names the field', () => {
    const parsed = parseSeedManifest({
      images: { 'a_3.jpg': { ...SEED_ENTRY, type: 5, index: 'three', prompt: ['x'], generated_by: false } },
    });
    expect(parsed.entries.get('a_3.jpg')).toMatchObject({
      type: null,
      index: null,
      prompt: null,
      generatedBy: null,
      generatedAt: SEED_ENTRY.generated_at,
      s3Url: SEED_ENTRY.s3_url,
    });
    expect(parsed.problems).toEqual([
      'images["a_3.jpg"].prompt: expected a string, got a list',
      'images["a_3.jpg"].type: number 5 is not one of photorealistic, bw_stylized, color_stylized; stored as unknown',
      'images["a_3.jpg"].generated_by: expected a string, got boolean false',
      'images["a_3.jpg"].index: expected a whole number, got "three"',
    ]);
  });

  it('stores an unknown type as null and says so', () => {
    const parsed = parseSeedManifest({ images: { 'a_1.jpg': { type: 'sketch' } } });
    expect(parsed.entries.get('a_1.jpg')?.type).toBeNull();
    expect(parsed.problems).toEqual([
      'images["a_1.jpg"].type: "sketch" is not one of photorealistic, bw_stylized, color_stylized; stored as unknown',
    ]);
  });

  it('accepts a numeric-string index and a single base image path', () => {
    const parsed = parseSeedManifest({ base_images: 'data/base.jpg', images: { 'a_5.jpg': { index: '05' } } });
    expect(parsed.baseImages).toEqual(['data/base.jpg']);
    expect(parsed.entries.get('a_5.jpg')?.index).toBe(5);
    expect(parsed.problems).toEqual([]);
  });

  it('keys entries by the last path segment of their key', () => {
    const parsed = parseSeedManifest({ images: { 'training_data/a_1.jpg': {}, 'x\\a_2.jpg': {} } });
    expect([...parsed.entries.keys()]).toEqual(['a_1.jpg', 'a_2.jpg']);
  });

  it('skips entries that are not objects, and keys that are not file names', () => {
    const parsed = parseSeedManifest({ images: { 'a_1.jpg': 'oops', 'dir/': {}, 'a_2.jpg': {} } });
    expect([...parsed.entries.keys()]).toEqual(['a_2.jpg']);
    expect(parsed.problems).toEqual([
      'images["a_1.jpg"]: expected an object, got "oops"',
      'images["dir/"]: the key is not a file name',
    ]);
  });

  it('reports wrong shapes of the top level, images and base_images', () => {
    expect(parseSeedManifest([1, 2]).problems).toEqual(['expected a JSON object, got a list']);
    expect(parseSeedManifest(null).problems).toEqual(['expected a JSON object, got null']);
    const parsed = parseSeedManifest({ actor_id: 7, images: [], base_images: { a: 1 } });
    expect(parsed.actorId).toBeUndefined();
    expect(parsed.problems).toEqual([
      'actor_id: expected a string, got number 7',
      'base_images: expected a list of paths, got an object',
      'images: expected an object keyed by file name, got a list',
    ]);
    expect(parseSeedManifest({ base_images: ['ok.jpg', 3, ''] })).toMatchObject({
      baseImages: ['ok.jpg'],
      problems: ['base_images[1]: expected a path, got number 3', 'base_images[2]: expected a path, got ""'],
    });
  });

  it('shortens long strings in messages', () => {
    const parsed = parseSeedManifest({ images: { 'a_1.jpg': { type: 'x'.repeat(500) } } });
    expect(parsed.problems[0]!.length).toBeLessThan(200);
  });

  it('never throws, whatever JSON it is given', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const parsed = parseSeedManifest(value);
        expect(Array.isArray(parsed.problems)).toBe(true);
      }),
    );
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (images) => {
        const parsed = parseSeedManifest({ images, base_images: Object.values(images) });
        for (const entry of parsed.entries.values())
          expect(entry.type === null || typeof entry.type === 'string').toBe(true);
      }),
    );
  });
});
