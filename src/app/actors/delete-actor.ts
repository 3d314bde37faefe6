import type { AppDeps } from '../app-deps.js';
import { manifestFileName, parseActorId } from '../../domain/actors/actor-id.js';
import { TroupeError } from '../../domain/errors/troupe-error.js';
import { isFinalJobStatus } from '../../domain/generation/job.js';
import { thumbnailKey } from '../images/delete-image.js';

type Deps = Pick<AppDeps, 'actors' | 'images' | 'jobs' | 'blobs' | 'mirror' | 'logger'>;

/** Deletes an actor with its rows, files and manifest; refused while one of its jobs is unfinished. */
export async function deleteActor(deps: Deps, rawId: string): Promise<{ deletedImages: number }> {
  const id = parseActorId(rawId);
  if (!(await deps.actors.get(id))) throw new TroupeError('NOT_FOUND', `Actor ${id} not found.`);
  const unfinished = (await deps.jobs.list({ actorId: id })).filter((job) => !isFinalJobStatus(job.status));
  if (unfinished.length > 0) {
    throw new TroupeError(
      'JOB_STATE',
      `Actor ${id} has ${unfinished.length} unfinished job(s) (${unfinished[0]!.id}): cancel them first.`,
    );
  }
  const images = await deps.images.listByActor(id);
  await deps.actors.deleteWithEverything(id);
  await deps.blobs.deleteTree(`actors/${id}`);
  await deleteMirrorTree(deps, `actors/${id}`);
  await deps.blobs.delete(`actor_manifests/${manifestFileName(id)}`);
  for (const image of images) await deps.blobs.delete(thumbnailKey(image.sha256));
  deps.logger.info({ actorId: id, images: images.length }, 'actor deleted');
  return { deletedImages: images.length };
}

/** The actor is gone either way; objects S3 could not delete now are left for `troupe audit` to list as orphans. */
async function deleteMirrorTree(deps: Deps, prefix: string): Promise<void> {
  if (deps.mirror === null) return;
  try {
    await deps.mirror.deleteTree(prefix);
  } catch (error) {
    if (!deps.mirror.isUnavailable(error)) throw error;
    deps.logger.warn({ prefix, error: (error as Error).message }, 'S3 delete failed; objects are left');
  }
}
