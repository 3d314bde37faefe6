import type { AppDeps } from '../app-deps.js';
import type { ManifestWriter } from '../manifest/manifest-writer.js';
import type { ImageMirroring } from '../mirror/image-mirroring.js';
import type { ActorId } from '../../domain/actors/actor-id.js';
import { trainingFolderKey, trainingImageKey } from '../../domain/actors/dataset-layout.js';
import { TroupeError } from '../../domain/errors/troupe-error.js';
import { imageFileName, maxImageNumber } from '../../domain/images/file-numbering.js';
import type { ImageRecord } from '../../domain/images/image-record.js';
import type { OffModelImage } from '../../domain/identity/identity-records.js';

type Deps = Pick<AppDeps, 'offModel' | 'images' | 'blobs' | 'ids' | 'clock' | 'logger'>;

/** Two writers can pick the same next number; the loser meets the unique (actor, number) constraint and tries again. */
const NUMBERING_TRIES = 8;

async function getOrThrow(deps: Deps, actorId: ActorId, id: string): Promise<OffModelImage> {
  const found = await deps.offModel.get(id);
  if (!found || found.actorId !== actorId)
    throw new TroupeError(
      'NOT_FOUND',
      `Set-aside image ${id} of actor ${actorId} not found: it may already be kept or deleted.`,
    );
  return found;
}

/**
 * "Keep anyway": the user overrules the gate. The image joins the training set under the next number (its attempt
 * stays failed off_model, as it was judged), the file moves from off_model/ into training_data/, the manifest and the
 * mirror follow.
 */
export async function keepOffModel(
  deps: Deps,
  manifests: ManifestWriter,
  mirroring: ImageMirroring,
  actorId: ActorId,
  id: string,
): Promise<ImageRecord> {
  const item = await getOrThrow(deps, actorId, id);
  const bytes = await deps.blobs.get(item.fileKey);
  if (bytes === undefined)
    throw new TroupeError('STORAGE', `The set-aside file ${item.fileKey} is missing from the data directory.`);
  const image = await insertNumbered(deps, item);
  await deps.blobs.put(trainingImageKey(actorId, image.fileName), bytes);
  await deps.offModel.delete(item.id);
  await deps.blobs.delete(item.fileKey);
  await mirroring.upload(image);
  await manifests.sync(actorId);
  deps.logger.info({ actorId, file: image.fileName, attempt: item.attemptId }, 'off-model image kept anyway');
  return image;
}

/** Deletes a set-aside image for good: its row and its file. */
export async function discardOffModel(deps: Deps, actorId: ActorId, id: string): Promise<void> {
  const item = await getOrThrow(deps, actorId, id);
  await deps.offModel.delete(item.id);
  await deps.blobs.delete(item.fileKey);
}

async function insertNumbered(deps: Deps, item: OffModelImage): Promise<ImageRecord> {
  for (let tryNumber = 1; ; tryNumber += 1) {
    const rows = await deps.images.listByActor(item.actorId);
    const files = await deps.blobs.list(trainingFolderKey(item.actorId));
    const number = Math.max(maxImageNumber(files), ...rows.map((r) => r.number ?? 0)) + 1;
    const image: ImageRecord = {
      id: deps.ids.next('img'),
      actorId: item.actorId,
      fileName: imageFileName(item.actorId, number),
      number,
      type: item.type,
      prompt: item.prompt,
      promptId: item.promptId,
      s3Url: null,
      generatedAt: new Date(deps.clock.now()).toISOString(),
      generatedBy: 'troupe',
      jobId: item.jobId,
      attemptId: item.attemptId,
      width: item.width,
      height: item.height,
      sizeBytes: item.sizeBytes,
      sha256: item.sha256,
    };
    try {
      await deps.images.insert(image);
      return image;
    } catch (error) {
      if (tryNumber >= NUMBERING_TRIES || !/UNIQUE|SQLITE_BUSY|23505/i.test(String(error))) throw error;
    }
  }
}
