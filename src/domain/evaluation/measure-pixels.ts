import { invalidInput } from '../errors/troupe-error.js';
import { measureColor } from './color-class.js';
import { measureColorStyle } from './color-style.js';
import { measureExposure } from './exposure.js';
import type { ImageMeasurements } from './image-measurements.js';
import { laplacianVariance } from './laplacian.js';
import { toLuma, type RgbPixels } from './luma.js';
import { differenceHash, perceptualHash } from './perceptual-hash.js';

/**
 * Every balancer measurement from one RGB working image (longest side about 256 px, which the hashes, the exposure
 * and the colour class do not depend on; sharpness does, so compare it only between images measured alike).
 */
export function measurePixels(pixels: RgbPixels, original: { width: number; height: number }): ImageMeasurements {
  checkPixels(pixels);
  const luma = toLuma(pixels);
  const { meanChroma, hueConcentration, colorClass } = measureColor(pixels);
  return {
    width: original.width,
    height: original.height,
    meanChroma,
    hueConcentration,
    colorClass,
    ...measureColorStyle(pixels),
    pHash: perceptualHash(luma),
    dHash: differenceHash(luma),
    sharpness: laplacianVariance(luma),
    ...measureExposure(luma),
  };
}

function checkPixels(pixels: RgbPixels): void {
  const { width, height, data } = pixels;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw invalidInput(`An image to measure must be at least 1x1 px, not ${width}x${height}.`);
  }
  if (data.length !== width * height * 3) {
    throw invalidInput(`A ${width}x${height} RGB image has ${width * height * 3} bytes, not ${data.length}.`);
  }
}
