import { useLoad } from '../use-load';
import { identityApi } from './identity-api';

/** The actor's identity check, loaded again whenever the number of images changes (a job kept more, one was deleted). */
export function useActorIdentity(actorId: string, imageCount: number | undefined) {
  return useLoad((signal) => identityApi.get(actorId, signal), `${actorId}:${imageCount ?? '-'}`);
}
