// The actor's dataset audit: loaded once for the page, and again whenever the actor's image count changes (a job
// ended, an image was deleted), keeping the last report on screen while the next one loads.
import { useEffect, useRef } from 'react';
import { api } from './api/client';
import type { ActorAudit } from './api/types';
import { useLoad, type Loaded } from './use-load';

export function useActorAudit(actorId: string, imageCount: number | undefined): Loaded<ActorAudit> {
  const audit = useLoad((signal) => api.auditActor(actorId, signal).then((r) => r.audit), actorId);
  const { reload } = audit;
  const seenCount = useRef(imageCount);
  useEffect(() => {
    const previous = seenCount.current;
    seenCount.current = imageCount;
    // The first count only says the actor has loaded: the audit is already on its way.
    if (previous !== undefined && previous !== imageCount) reload();
  }, [imageCount, reload]);
  return audit;
}
