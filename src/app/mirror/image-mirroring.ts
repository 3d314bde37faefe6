import type { AppDeps } from '../app-deps.js';
import type { ActorId } from '../../domain/actors/actor-id.js';
import { trainingImageKey } from '../../domain/actors/dataset-layout.js';
import type { ImageRecord } from '../../domain/images/image-record.js';

type Deps = Pick<AppDeps, 'mirror' | 'blobs' | 'images' | 'clock' | 'logger'>;

/** After a failure, uploads during this long go straight to pending, so a job does not wait on a dead S3 each time. */
export const MIRROR_RETRY_AFTER_MS = 30_000;

export type UploadOutcome =
  | { readonly kind: 'uploaded'; readonly s3Url: string }
  | { readonly kind: 'pending'; readonly reason: string; readonly isFirstFailure: boolean }
  | { readonly kind: 'off' };

export interface SyncResult {
  readonly uploaded: number;
  readonly pending: number;
  /** Why the last upload failed, when any did. */
  readonly reason: string | undefined;
}

/**
 * Keeps the S3 mirror in step with the local training set. Local disk is the working copy: an image is kept there
 * first and uploaded after; when S3 is down or refuses us, the image stays pending (no `s3_url`) and `troupe sync`
 * uploads it later. An `s3_url` is recorded only after the object is written, so nothing is reported as uploaded
 * that is not. Keys are deterministic, so a retried upload overwrites the same object.
 */
export class ImageMirroring {
  private pausedUntilMs = 0;
  private lastReason: string | undefined;

  constructor(private readonly deps: Deps) {}

  get isEnabled(): boolean {
    return this.deps.mirror !== null;
  }

  /** Uploads one kept image and records its `s3_url`. Never throws for mirror trouble: the image is pending. */
  async upload(image: ImageRecord): Promise<UploadOutcome> {
    const { mirror } = this.deps;
    if (mirror === null) return { kind: 'off' };
    if (this.deps.clock.now() < this.pausedUntilMs) {
      return { kind: 'pending', reason: this.lastReason ?? 'S3 is unavailable', isFirstFailure: false };
    }
    const key = trainingImageKey(image.actorId, image.fileName);
    try {
      const bytes = await this.deps.blobs.get(key);
      if (bytes === undefined) return { kind: 'pending', reason: `${key} is missing on disk`, isFirstFailure: false };
      await mirror.put(key, bytes);
      const s3Url = mirror.urlFor(key);
      await this.deps.images.setS3Url(image.id, s3Url);
      this.pausedUntilMs = 0;
      this.lastReason = undefined;
      return { kind: 'uploaded', s3Url };
    } catch (error) {
      if (!mirror.isUnavailable(error)) throw error;
      const isFirstFailure = this.lastReason === undefined;
      this.lastReason = (error as Error).message;
      this.pausedUntilMs = this.deps.clock.now() + MIRROR_RETRY_AFTER_MS;
      this.deps.logger.warn({ key, error: this.lastReason }, 'S3 upload failed; the image is pending upload');
      return { kind: 'pending', reason: this.lastReason, isFirstFailure };
    }
  }

  /** Uploads every image of the actor (or of all actors) that has no `s3_url` yet. */
  async syncPending(actorIds: readonly ActorId[]): Promise<SyncResult> {
    let uploaded = 0;
    let pending = 0;
    let reason: string | undefined;
    this.pausedUntilMs = 0;
    for (const actorId of actorIds) {
      for (const image of await this.deps.images.listByActor(actorId)) {
        if (image.s3Url !== null) continue;
        const outcome = await this.upload(image);
        if (outcome.kind === 'uploaded') uploaded += 1;
        if (outcome.kind === 'pending') {
          pending += 1;
          reason = outcome.reason;
        }
      }
    }
    return { uploaded, pending, reason };
  }

  /** Deletes an image's mirror copy; false when the mirror is off or could not be reached (the audit finds it). */
  async remove(actorId: ActorId, fileName: string): Promise<boolean> {
    const { mirror } = this.deps;
    if (mirror === null) return false;
    const key = trainingImageKey(actorId, fileName);
    try {
      await mirror.delete(key);
      return true;
    } catch (error) {
      if (!mirror.isUnavailable(error)) throw error;
      this.deps.logger.warn({ key, error: (error as Error).message }, 'S3 delete failed; the object is left');
      return false;
    }
  }

  /** The message users see once when S3 fails during a job. */
  pendingMessage(reason: string): string {
    return (
      `Could not upload to ${this.deps.mirror?.description ?? 'S3'} (${reason}). Images are kept on disk and ` +
      'marked pending; the job goes on. Run `troupe sync` once S3 is back.'
    );
  }
}
