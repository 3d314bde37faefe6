import type { AppDeps } from '../app-deps.js';
import type { ManifestWriter } from '../manifest/manifest-writer.js';
import type { ImageMirroring } from '../mirror/image-mirroring.js';
import type { ActorId } from '../../domain/actors/actor-id.js';
import { trainingImageKey } from '../../domain/actors/dataset-layout.js';
import { TroupeError } from '../../domain/errors/troupe-error.js';
import type { ImageRecord } from '../../domain/images/image-record.js';

type Deps = Pick<AppDeps, 'images' | 'blobs' | 'logger' | 'events' | 'fileNumbers'>;

export interface DeletedImage {
  readonly image: ImageRecord;
  /** True when the S3 mirror's copy was deleted too; false when there is no mirror or it could not be reached. */
  readonly isDeletedFromMirror: boolean;
}

/**
 * Removes one image from the set: the row first (the database is the truth, so a crash leaves at worst an orphan
 * file for the audit, never a row without its file), then the file, its S3 copy and its thumbnail, then the
 * manifest.
 */
export async function deleteImage(
  deps: Deps,
  manifests: ManifestWriter,
  mirroring: ImageMirroring,
  actorId: ActorId,
  imageId: string,
): Promise<DeletedImage> {
  const image = await deps.images.get(imageId);
  if (!image || image.actorId !== actorId) {
    throw new TroupeError('NOT_FOUND', `Image ${imageId} of actor ${actorId} not found: it may already be deleted.`);
  }
  // The mark already holds the number (every kept number raises it); raising again keeps that true for any row.
  if (image.number !== null) await deps.fileNumbers.raise(actorId, image.number);
  await deps.images.delete(image.id);
  await deps.blobs.delete(trainingImageKey(actorId, image.fileName));
  const isDeletedFromMirror = await mirroring.remove(actorId, image.fileName);
  await deps.blobs.delete(thumbnailKey(image.sha256));
  await manifests.sync(actorId);
  deps.events.publish({ type: 'image.deleted', actorId, imageId: image.id, imageType: image.type });
  deps.logger.info({ actorId, file: image.fileName, isDeletedFromMirror }, 'image deleted');
  return { image, isDeletedFromMirror };
}

/** Thumbnails are cached by content, so an image's thumbnail can never be stale. */
export function thumbnailKey(sha256: string): string {
  return `cache/thumbnails/${sha256}.jpg`;
}
