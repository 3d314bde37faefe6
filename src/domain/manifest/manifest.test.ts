import { describe, expect, it } from 'vitest';
import { parseActorId } from '../actors/actor-id.js';
import type { Actor } from '../actors/actor.js';
import type { GenerationJob } from '../generation/job.js';
import type { ImageRecord } from '../images/image-record.js';
import type { ImageType } from '../prompts/image-type.js';
import { buildManifest, type Manifest } from './manifest.js';

const actorId = parseActorId('0001_european_20_female');
const actor: Actor = {
  id: actorId,
  name: 'Elena',
  descriptor: 'woman',
  baseImagePath: 'actors/0001_european_20_female/base_image/0001_european_20_female_base.jpg',
  createdAt: '2025-10-17T16:00:00.000Z',
};
const longPrompt = `Place the woman seated at a small table beside a large cafe window with soft natural daylight. ${'Keep the face. '.repeat(10)}`;

function image(number: number | null, type: ImageType | null, jobId: string | null, fileName?: string): ImageRecord {
  return {
    id: `img_${fileName ?? number}`,
    actorId,
    fileName: fileName ?? `${actorId}_${number}.jpg`,
    number,
    type,
    prompt: jobId === null ? null : longPrompt,
    promptId: jobId === null ? null : 'photo-cafe',
    s3Url:
      jobId === null
        ? null
        : `https://bucket.s3.amazonaws.com/actors/${actorId}/training_data/${actorId}_${number}.jpg`,
    generatedAt: '2025-10-17T16:55:00.000Z',
    generatedBy: jobId === null ? 'imported' : 'troupe',
    jobId,
    attemptId: jobId === null ? null : 'att_1',
    width: 1024,
    height: 1024,
    sizeBytes: 123_456,
    sha256: 'ab'.repeat(32),
  };
}

const job: GenerationJob = {
  id: 'job_1',
  actorId,
  status: 'completed',
  requestedImages: 2,
  typeTargets: { photorealistic: 1, bw_stylized: 1, color_stylized: 0 },
  maxAttempts: 7,
  concurrency: 4,
  mode: 'fast',
  earlyStopBelow: 0,
  forecast: null,
  costCapMicroUsd: null,
  priceMicroUsd: 40_000,
  provider: 'sim',
  providerOptions: {},
  generatedBy: 'troupe',
  isIdentityGated: false,
  promptsPath: null,
  currentAttempt: 3,
  completedImages: 1,
  finishedAttempts: 3,
  successRatePermille: 333,
  spendMicroUsd: 120_000,
  spendSplit: { keptMicroUsd: 40_000, sparesMicroUsd: 0, discardedMicroUsd: 80_000 },
  finishReason: 'Partial result: 1/2 images.',
  isCancelRequested: false,
  createdAt: '2025-10-17T16:50:00.000Z',
  startedAt: '2025-10-17T16:51:00.000Z',
  finishedAt: '2025-10-17T16:56:00.000Z',
  leaseOwner: null,
  leaseUntil: null,
};

const manifest = buildManifest({
  actor,
  images: [image(2, 'photorealistic', null), image(10, 'photorealistic', 'job_1'), image(1, 'bw_stylized', null)],
  jobs: [job],
  pathRoot: 'data',
});

/** The seed's `jq '.images | to_entries | group_by(.value.type) | map({type: .[0].value.type, count: length})'`. */
function countByTypeLikeJq(m: Manifest): Array<{ type: string | null; count: number }> {
  const groups = new Map<string | null, number>();
  for (const [, value] of Object.entries(m.images)) groups.set(value.type, (groups.get(value.type) ?? 0) + 1);
  return [...groups.entries()]
    .sort(([a], [b]) => (a === null ? -1 : b === null ? 1 : a < b ? -1 : a > b ? 1 : 0))
    .map(([type, count]) => ({ type, count }));
}

describe('buildManifest', () => {
  it('keys images by file name in number order (1, 2, 10), not text order', () => {
    expect(Object.keys(manifest.images)).toEqual([
      '0001_european_20_female_1.jpg',
      '0001_european_20_female_2.jpg',
      '0001_european_20_female_10.jpg',
    ]);
    expect(Object.values(manifest.images).map((i) => i.index)).toEqual([1, 2, 10]);
  });

  it("gives each image exactly the seed's fields", () => {
    for (const entry of Object.values(manifest.images)) {
      expect(Object.keys(entry).sort()).toEqual(
        ['generated_at', 'generated_by', 'index', 'local_path', 'prompt', 'prompt_preview', 's3_url', 'type'].sort(),
      );
    }
  });

  it('fills the fields of a generated image as the seed does', () => {
    const generated = manifest.images['0001_european_20_female_10.jpg'];
    expect(generated).toEqual({
      prompt: longPrompt,
      prompt_preview: longPrompt.slice(0, 100),
      generated_at: '2025-10-17T16:55:00.000Z',
      s3_url:
        'https://bucket.s3.amazonaws.com/actors/0001_european_20_female/training_data/0001_european_20_female_10.jpg',
      local_path: 'data/actors/0001_european_20_female/training_data/0001_european_20_female_10.jpg',
      index: 10,
      type: 'photorealistic',
      generated_by: 'troupe',
    });
    expect(longPrompt.length).toBeGreaterThan(100);
    expect(generated?.prompt_preview?.length).toBe(100);
  });

  it('keeps nulls for an imported image without a prompt', () => {
    expect(manifest.images['0001_european_20_female_1.jpg']).toMatchObject({
      prompt: null,
      prompt_preview: null,
      s3_url: null,
      local_path: 'data/actors/0001_european_20_female/training_data/0001_european_20_female_1.jpg',
      generated_by: 'imported',
    });
  });

  it('describes the actor and counts the images', () => {
    expect(manifest).toMatchObject({
      actor_id: '0001_european_20_female',
      name: 'Elena',
      descriptor: 'woman',
      base_images: ['data/actors/0001_european_20_female/base_image/0001_european_20_female_base.jpg'],
      total_images: 3,
      images_by_type: { photorealistic: 2, bw_stylized: 1, color_stylized: 0, unknown: 0 },
    });
  });

  it('ends generations with the job: id, requested, generated, attempts, types and its own images', () => {
    expect(manifest.generations.at(-1)).toEqual({
      id: 'job_1',
      generated_at: '2025-10-17T16:51:00.000Z',
      finished_at: '2025-10-17T16:56:00.000Z',
      generated_by: 'troupe',
      status: 'completed',
      requested: 2,
      generated: 1,
      attempts: 3,
      types: { photorealistic: 1, bw_stylized: 1, color_stylized: 0 },
      images: ['0001_european_20_female_10.jpg'],
    });
  });

  it("answers the seed's jq count-by-type query", () => {
    expect(countByTypeLikeJq(manifest)).toEqual([
      { type: 'bw_stylized', count: 1 },
      { type: 'photorealistic', count: 2 },
    ]);
  });

  it('puts unnumbered files last by name, counts untyped ones as unknown, and dates a queued job by creation', () => {
    const queued: GenerationJob = { ...job, id: 'job_2', status: 'queued', startedAt: null, finishedAt: null };
    const m = buildManifest({
      actor,
      images: [
        image(null, null, null, 'zeta.jpg'),
        image(null, 'color_stylized', null, 'alpha.jpg'),
        image(3, 'bw_stylized', null),
      ],
      jobs: [job, queued],
      pathRoot: '/srv/troupe',
    });
    expect(Object.keys(m.images)).toEqual(['0001_european_20_female_3.jpg', 'alpha.jpg', 'zeta.jpg']);
    expect(m.images['zeta.jpg']?.local_path).toBe('/srv/troupe/actors/0001_european_20_female/training_data/zeta.jpg');
    expect(m.images_by_type).toEqual({ photorealistic: 0, bw_stylized: 1, color_stylized: 1, unknown: 1 });
    expect(countByTypeLikeJq(m)).toEqual([
      { type: null, count: 1 },
      { type: 'bw_stylized', count: 1 },
      { type: 'color_stylized', count: 1 },
    ]);
    expect(m.generations.map((g) => [g.id, g.generated_at, g.generated])).toEqual([
      ['job_1', '2025-10-17T16:51:00.000Z', 0],
      ['job_2', '2025-10-17T16:50:00.000Z', 0],
    ]);
  });
});
