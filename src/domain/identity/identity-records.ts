import type { ActorId } from '../actors/actor-id.js';
import type { ImageType } from '../prompts/image-type.js';
import type { FaceBox } from './face-analysis.js';

/** A face the actor's images are compared with. */
export interface FaceReference {
  readonly id: string;
  readonly actorId: ActorId;
  /** `base`: the base image's face, taken when the actor was added; `added`: a reference image the user gave. */
  readonly source: 'base' | 'added';
  /** Store key of the image the face came from. */
  readonly imageKey: string;
  readonly sha256: string;
  readonly box: FaceBox;
  readonly descriptor: readonly number[];
  readonly createdAt: string;
}

/**
 * An output the identity gate refused because it shows someone else: paid for, not in the training set, kept under
 * `actors/{id}/off_model/` until the user keeps it anyway or deletes it.
 */
export interface OffModelImage {
  readonly id: string;
  readonly actorId: ActorId;
  readonly jobId: string;
  readonly attemptId: string;
  readonly type: ImageType;
  readonly prompt: string;
  readonly promptId: string;
  readonly fileKey: string;
  readonly sha256: string;
  readonly width: number;
  readonly height: number;
  readonly sizeBytes: number;
  readonly distance: number;
  readonly createdAt: string;
}
