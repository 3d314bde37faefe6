import type { AppDeps } from '../app-deps.js';
import type { ActorId } from '../../domain/actors/actor-id.js';
import { trainingFolderKey } from '../../domain/actors/dataset-layout.js';
import { maxImageNumber } from '../../domain/images/file-numbering.js';

type Deps = Pick<AppDeps, 'fileNumbers' | 'blobs' | 'mirror' | 'logger'>;

/**
 * Raises the actor's file-number mark to every number its training folder holds on disk and in the S3 mirror (files
 * no row knows: left by a crash, copied in by hand, or objects whose rows were lost), and returns the mark. A mirror
 * that cannot be listed now is passed over with a warning: the numbers it holds were raised when they were kept.
 */
export async function raiseMarkFromStores(deps: Deps, actorId: ActorId): Promise<number> {
  const folder = trainingFolderKey(actorId);
  await deps.fileNumbers.raise(actorId, maxImageNumber(await deps.blobs.list(folder)));
  if (deps.mirror !== null) {
    try {
      await deps.fileNumbers.raise(actorId, maxImageNumber(await deps.mirror.list(folder)));
    } catch (error) {
      deps.logger.warn(
        { actorId },
        `could not list ${deps.mirror.description} for file numbers: ${(error as Error).message}`,
      );
    }
  }
  return deps.fileNumbers.get(actorId);
}
