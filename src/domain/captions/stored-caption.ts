import type { CaptionSource } from './caption-fields.js';

/**
 * An image's caption as the database keeps it: the body only, without the trigger and class, so changing the actor's
 * trigger word (or exporting with another) never leaves a stale caption behind.
 */
export interface StoredCaption {
  readonly imageId: string;
  readonly body: string;
  readonly source: CaptionSource;
  readonly updatedAt: string;
}
