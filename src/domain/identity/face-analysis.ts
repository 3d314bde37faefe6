/** A face's rectangle in pixels of the original image (after EXIF orientation), top-left origin. */
export interface FaceBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface DetectedFace {
  readonly box: FaceBox;
  /** The detector's confidence, 0..1. */
  readonly score: number;
  /**
   * Where the nose tip sits between the two ends of the jaw line, 0..1: about 0.5 facing the camera, towards 0 or 1
   * as the head turns into profile (where a descriptor stops being comparable).
   */
  readonly yaw: number;
  /** The 128-D face descriptor; faces of one person are close in Euclidean distance (see identity-thresholds). */
  readonly descriptor: readonly number[];
}

/**
 * What face analysis found in one image. Stored by content hash, so any change to the detector, its settings or
 * the descriptor math must bump FACE_ANALYSIS_VERSION.
 */
export interface FaceAnalysis {
  /** Size of the original image, after EXIF orientation. */
  readonly width: number;
  readonly height: number;
  /** Largest first. */
  readonly faces: readonly DetectedFace[];
}

export const FACE_ANALYSIS_VERSION = 1;

export function faceArea(face: DetectedFace): number {
  return face.box.width * face.box.height;
}

/** The largest face's share of the image's area, 0..1; 0 when there is none. */
export function largestFaceShare(analysis: FaceAnalysis): number {
  const largest = analysis.faces[0];
  if (largest === undefined) return 0;
  return faceArea(largest) / Math.max(1, analysis.width * analysis.height);
}

/** Euclidean distance between two descriptors. */
export function descriptorDistance(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i += 1) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    sum += d * d;
  }
  return Math.sqrt(sum);
}

/** The closest reference to a descriptor; Infinity when there are no references. */
export function nearestDistance(descriptor: readonly number[], references: readonly (readonly number[])[]): number {
  let best = Number.POSITIVE_INFINITY;
  for (const reference of references) best = Math.min(best, descriptorDistance(descriptor, reference));
  return best;
}
