/**
 * When an image is not fit for a training set. Duplicates use pHash and dHash distances measured on this project's
 * fixtures (pHash/dHash bits: re-encode, resize, blur 0/0; toned copies 2/2; 3% crop 6/6; 6% crop 10-18/10-14;
 * different pictures 30/33), so both must be close. 12/14 catches copies, resizes and small crops while keeping
 * distinct takes of one character apart; sharpness is judged against the set's own median because absolute
 * Laplacian values do not carry across content.
 */
export interface QualityThresholds {
  readonly duplicatePHashBits: number;
  readonly duplicateDHashBits: number;
  /** Blurry when sharpness is below this share of the set's median (sets of at least `minSetForSharpness`). */
  readonly blurryShareOfMedian: number;
  readonly minSetForSharpness: number;
  /** Dark when even the 99th brightness percentile is below this (0-255). */
  readonly darkP99: number;
  /** Washed out when even the 5th percentile is above this. */
  readonly washedOutP5: number;
  /**
   * Low information below this histogram entropy, in bits: blank or nearly flat images are 0-1, photos 6-8, and
   * flat-shaded or posterized art 2-3, which is still worth training on.
   */
  readonly minEntropyBits: number;
  /** Too small for training when the shorter side is below this. */
  readonly minSidePx: number;
  /** Odd when the long side is more than this many times the short side. */
  readonly maxAspectRatio: number;
}

export const DEFAULT_THRESHOLDS: QualityThresholds = {
  duplicatePHashBits: 12,
  duplicateDHashBits: 14,
  blurryShareOfMedian: 0.3,
  minSetForSharpness: 4,
  darkP99: 60,
  washedOutP5: 175,
  minEntropyBits: 1.5,
  minSidePx: 512,
  maxAspectRatio: 2.5,
};
