import type { AppDeps } from '../app-deps.js';
import { trainingImageKey } from '../../domain/actors/dataset-layout.js';
import { TroupeError } from '../../domain/errors/troupe-error.js';
import type { ImageRecord } from '../../domain/images/image-record.js';
import { thumbnailKey } from './delete-image.js';

type Deps = Pick<AppDeps, 'blobs' | 'inspector'>;

export const THUMBNAIL_SIZE_PX = 320;

/** The image's thumbnail, made with the first request and kept on disk after that. */
export async function thumbnailOf(deps: Deps, image: ImageRecord): Promise<Uint8Array> {
  const key = thumbnailKey(image.sha256);
  const cached = await deps.blobs.get(key);
  if (cached) return cached;
  const thumbnail = await deps.inspector.thumbnail(await originalOf(deps, image), THUMBNAIL_SIZE_PX);
  await deps.blobs.put(key, thumbnail);
  return thumbnail;
}

export async function originalOf(deps: Pick<AppDeps, 'blobs'>, image: ImageRecord): Promise<Uint8Array> {
  const bytes = await deps.blobs.get(trainingImageKey(image.actorId, image.fileName));
  if (!bytes)
    throw new TroupeError('NOT_FOUND', `The file ${image.fileName} is missing from the data directory; run an audit.`);
  return bytes;
}
