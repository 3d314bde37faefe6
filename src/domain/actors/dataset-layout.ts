import type { ActorId } from './actor-id.js';

/**
 * Where an actor's files live, as store keys relative to the data directory (the seed's layout):
 * `actors/{id}/training_data/{file}`, `actors/{id}/base_image/{file}`, `actor_manifests/{prefix}_manifest.json`.
 */
export function trainingFolderKey(actorId: ActorId): string {
  return `actors/${actorId}/training_data`;
}

export function trainingImageKey(actorId: ActorId, fileName: string): string {
  return `${trainingFolderKey(actorId)}/${fileName}`;
}

export function baseImageKey(actorId: ActorId): string {
  return `actors/${actorId}/base_image/${actorId}_base.jpg`;
}

export const INCOMING_FOLDER = 'incoming';

/** Downloads land here first, so a crash never leaves a half-written or unrecorded file in the training set. */
export function incomingKey(attemptId: string): string {
  return `${INCOMING_FOLDER}/${attemptId}.jpg`;
}

/** Outputs the identity gate set aside, by attempt: reviewed by the user, never part of the training set. */
export function offModelImageKey(actorId: ActorId, attemptId: string): string {
  return `actors/${actorId}/off_model/${attemptId}.jpg`;
}

/** Reference images the user added for the face check. */
export function referenceImageKey(actorId: ActorId, sha256: string): string {
  return `actors/${actorId}/references/${sha256.slice(0, 16)}.jpg`;
}
