/** Whether an image's pixels read as black-and-white (including toned prints) or as colour. */
export type ColorClass = 'monochrome' | 'color' | 'uncertain';

/**
 * What the balancer measures of one image, all from a single decode to a working image of about 256 px on the long
 * side. Stored by content hash, so any change to the math must bump MEASUREMENTS_VERSION.
 */
export interface ImageMeasurements {
  /** Size of the original file in pixels, after EXIF orientation (not the working size). */
  readonly width: number;
  readonly height: number;
  /** Mean YCbCr chroma, sqrt(Cb² + Cr²) in 8-bit levels: under ~3 for grey, 20-60 for colourful photos. */
  readonly meanChroma: number;
  /** 0..1: how constant the hue of the chromatic pixels is (1 = one hue, as in a sepia or selenium print). */
  readonly hueConcentration: number;
  readonly colorClass: ColorClass;
  /** Hasler and Süsstrunk's colourfulness (see color-style.ts). */
  readonly colorfulness: number;
  /** Mean HSV saturation, 0..1. */
  readonly saturation: number;
  /** 64-bit DCT perceptual hash as 16 hex digits; compare with hammingDistance. */
  readonly pHash: string;
  /** 64-bit horizontal-gradient hash as 16 hex digits. */
  readonly dHash: string;
  /** Variance of the 3x3 Laplacian of luma at working size; only meaningful relative to other images. */
  readonly sharpness: number;
  /** 5th and 99th percentiles of luma, 0-255. */
  readonly brightnessP5: number;
  readonly brightnessP99: number;
  /** Shannon entropy of the 256-bin luma histogram, 0..8 bits. */
  readonly entropyBits: number;
}

/** Bump whenever a measurement's math changes: cached measurements of another version are recomputed. */
export const MEASUREMENTS_VERSION = 2;
