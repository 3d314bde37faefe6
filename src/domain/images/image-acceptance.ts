/** What an image decoder measured of a file. */
export interface ImageMetrics {
  readonly format: string;
  readonly width: number;
  readonly height: number;
  /** Standard deviation of luminance, 0-255: near 0 means a blank (uniform) image. */
  readonly luminanceStdDev: number;
}

export const MIN_TRAINING_SIDE_PX = 256;
export const MAX_IMAGE_SIDE_PX = 8192;
export const MIN_LUMINANCE_STD_DEV = 2;

/** Why an image cannot be used (as a base image or a training image), or undefined when it can. */
export function rejectionReason(metrics: ImageMetrics): string | undefined {
  const { width, height } = metrics;
  if (Math.min(width, height) < MIN_TRAINING_SIDE_PX) {
    return `it is ${width}x${height} px; each side must be at least ${MIN_TRAINING_SIDE_PX} px`;
  }
  if (Math.max(width, height) > MAX_IMAGE_SIDE_PX) {
    return `it is ${width}x${height} px; each side must be at most ${MAX_IMAGE_SIDE_PX} px`;
  }
  if (metrics.luminanceStdDev < MIN_LUMINANCE_STD_DEV) return 'it is blank (a single flat color)';
  return undefined;
}
