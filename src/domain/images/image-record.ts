import type { ActorId } from '../actors/actor-id.js';
import type { ImageType } from '../prompts/image-type.js';

/** One image of an actor's training set. */
export interface ImageRecord {
  readonly id: string;
  readonly actorId: ActorId;
  readonly fileName: string;
  /** Parsed from the file name; null for imported files whose name carries none. */
  readonly number: number | null;
  readonly type: ImageType | null;
  readonly prompt: string | null;
  readonly promptId: string | null;
  readonly s3Url: string | null;
  readonly generatedAt: string;
  /** The manifest's `generated_by`: "troupe", "balancer", or what an imported manifest said. */
  readonly generatedBy: string;
  readonly jobId: string | null;
  readonly attemptId: string | null;
  readonly width: number;
  readonly height: number;
  readonly sizeBytes: number;
  readonly sha256: string;
}
