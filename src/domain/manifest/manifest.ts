import type { Actor } from '../actors/actor.js';
import type { GenerationJob } from '../generation/job.js';
import type { ImageRecord } from '../images/image-record.js';
import { IMAGE_TYPES, type ImageType } from '../prompts/image-type.js';
import { promptPreview } from '../prompts/prompt-library.js';
import { renderCaption } from '../captions/compose-caption.js';
import type { CaptionSource } from '../captions/caption-fields.js';
import type { StoredCaption } from '../captions/stored-caption.js';

/** One image, in the seed's manifest schema. */
export interface ManifestImage {
  readonly prompt: string | null;
  readonly prompt_preview: string | null;
  readonly generated_at: string;
  readonly s3_url: string | null;
  readonly local_path: string;
  readonly index: number | null;
  readonly type: ImageType | null;
  readonly generated_by: string;
  /** Troupe's additions beside the seed's fields, present once the image has a caption. */
  readonly caption?: string;
  readonly caption_source?: CaptionSource;
}

/** One generation job, in `generations`. */
export interface ManifestGeneration {
  readonly id: string;
  readonly generated_at: string;
  readonly finished_at: string | null;
  readonly generated_by: string;
  readonly status: string;
  readonly requested: number;
  readonly generated: number;
  readonly attempts: number;
  /** Requested images per type. */
  readonly types: Readonly<Record<ImageType, number>>;
  readonly images: readonly string[];
}

export interface Manifest {
  readonly actor_id: string;
  readonly name: string;
  readonly descriptor: string;
  readonly base_images: readonly string[];
  readonly images: Readonly<Record<string, ManifestImage>>;
  readonly generations: readonly ManifestGeneration[];
  readonly total_images: number;
  readonly images_by_type: Readonly<Record<ImageType | 'unknown', number>>;
}

export interface ManifestSource {
  readonly actor: Actor;
  readonly images: readonly ImageRecord[];
  /** Jobs of the actor, oldest first. */
  readonly jobs: readonly GenerationJob[];
  /** Prefix for `local_path` and `base_images`: how the data dir is named from where the seed's tools ran ("data"). */
  readonly pathRoot: string;
  /** Stored captions by image id, rendered with the actor's trigger word and class. */
  readonly captions?: {
    readonly trigger: string;
    readonly captionClass: string;
    readonly byImageId: ReadonlyMap<string, StoredCaption>;
  };
}

/**
 * The manifest is a projection of the database, rebuilt whole after every change. Images are keyed by file name in
 * number order, so the file diffs cleanly between rewrites.
 */
export function buildManifest(source: ManifestSource): Manifest {
  const { actor, pathRoot } = source;
  const sorted = [...source.images].sort(byNumberThenName);
  const images: Record<string, ManifestImage> = {};
  const byType: Record<ImageType | 'unknown', number> = {
    photorealistic: 0,
    bw_stylized: 0,
    color_stylized: 0,
    unknown: 0,
  };
  for (const image of sorted) {
    const entry = toManifestImage(image, `${pathRoot}/actors/${actor.id}/training_data/${image.fileName}`);
    const caption = source.captions?.byImageId.get(image.id);
    images[image.fileName] =
      caption === undefined || source.captions === undefined
        ? entry
        : {
            ...entry,
            caption: renderCaption(source.captions.trigger, source.captions.captionClass, caption.body),
            caption_source: caption.source,
          };
    byType[image.type ?? 'unknown'] += 1;
  }
  return {
    actor_id: actor.id,
    name: actor.name,
    descriptor: actor.descriptor,
    base_images: [`${pathRoot}/${actor.baseImagePath}`],
    images,
    generations: source.jobs.map((job) => toManifestGeneration(job, sorted)),
    total_images: sorted.length,
    images_by_type: byType,
  };
}

function toManifestImage(image: ImageRecord, localPath: string): ManifestImage {
  return {
    prompt: image.prompt,
    prompt_preview: image.prompt === null ? null : promptPreview(image.prompt),
    generated_at: image.generatedAt,
    s3_url: image.s3Url,
    local_path: localPath,
    index: image.number,
    type: image.type,
    generated_by: image.generatedBy,
  };
}

function toManifestGeneration(job: GenerationJob, images: readonly ImageRecord[]): ManifestGeneration {
  const own = images.filter((image) => image.jobId === job.id).map((image) => image.fileName);
  const types = Object.fromEntries(IMAGE_TYPES.map((type) => [type, job.typeTargets[type]])) as Record<
    ImageType,
    number
  >;
  return {
    id: job.id,
    generated_at: job.startedAt ?? job.createdAt,
    finished_at: job.finishedAt,
    generated_by: job.generatedBy,
    status: job.status,
    requested: job.requestedImages,
    generated: own.length,
    attempts: job.currentAttempt,
    types,
    images: own,
  };
}

function byNumberThenName(a: ImageRecord, b: ImageRecord): number {
  const an = a.number ?? Number.MAX_SAFE_INTEGER;
  const bn = b.number ?? Number.MAX_SAFE_INTEGER;
  return an !== bn ? an - bn : a.fileName.localeCompare(b.fileName);
}
