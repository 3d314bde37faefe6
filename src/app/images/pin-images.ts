import type { AppDeps } from '../app-deps.js';
import type { ActorId } from '../../domain/actors/actor-id.js';
import { TroupeError, invalidInput } from '../../domain/errors/troupe-error.js';

type Deps = Pick<AppDeps, 'images' | 'pins' | 'clock'>;

/**
 * Pins (or unpins) images of one actor: the balancer never deletes a pinned image. Checks every id first, so a
 * typo changes nothing. Returns the actor's pinned ids afterwards.
 */
export async function setImagesPinned(
  deps: Deps,
  actorId: ActorId,
  imageIds: readonly string[],
  isPinned: boolean,
): Promise<Set<string>> {
  if (imageIds.length === 0) throw invalidInput('Name at least one image to pin or unpin.');
  const images = await deps.images.listByActor(actorId);
  const idOf = new Map(images.flatMap((image) => [[image.id, image.id] as const, [image.fileName, image.id] as const]));
  const unknown = imageIds.filter((id) => !idOf.has(id));
  if (unknown.length > 0) {
    throw new TroupeError(
      'NOT_FOUND',
      `Image ${unknown.join(', ')} of actor ${actorId} not found: give image ids or file names (troupe images list --actor-id ${actorId}).`,
    );
  }
  const ids = [...new Set(imageIds.map((id) => idOf.get(id)!))];
  await deps.pins.setPinned(actorId, ids, isPinned, new Date(deps.clock.now()).toISOString());
  return deps.pins.listByActor(actorId);
}
