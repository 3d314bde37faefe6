import type { FaceAnalysis } from '../../domain/identity/face-analysis.js';

/** What the main thread sends the face worker: the image bytes (transferred, not copied). */
export interface WorkerRequest {
  readonly id: number;
  readonly bytes: Uint8Array;
}

export type WorkerReply =
  | { readonly id: number; readonly analysis: FaceAnalysis }
  | { readonly id: number; readonly error: { readonly message: string; readonly isInvalidImage: boolean } };
