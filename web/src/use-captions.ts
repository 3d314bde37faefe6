// The actor's captions and pins, kept in step with every edit (each answer is the whole listing).
import { useCallback } from 'react';
import { datasetApi, type CaptionListing, type ImageCaption } from './api/dataset-client';
import { useLoad } from './use-load';

export interface Captions {
  listing: CaptionListing | undefined;
  error: string | undefined;
  byImage: (imageId: string) => ImageCaption | undefined;
  /** Replaces the listing with the server's answer to an edit. */
  accept: (listing: CaptionListing) => void;
  reload: () => void;
}

export function useCaptions(actorId: string, version: string): Captions {
  const loaded = useLoad((signal) => datasetApi.listCaptions(actorId, signal), `${actorId}:${version}`);
  const { update, reload } = loaded;
  const accept = useCallback((listing: CaptionListing) => update(() => listing), [update]);
  const listing = loaded.data;
  const byImage = (imageId: string) => listing?.captions.find((c) => c.imageId === imageId);
  return { listing, error: loaded.error, byImage, accept, reload };
}
