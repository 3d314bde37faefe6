import sharp from 'sharp';
import type { ImageAnalyzer } from '../../app/ports.js';
import { TroupeError } from '../../domain/errors/troupe-error.js';
import type { ImageMeasurements } from '../../domain/evaluation/image-measurements.js';
import type { RgbPixels } from '../../domain/evaluation/luma.js';
import { measurePixels } from '../../domain/evaluation/measure-pixels.js';

/** Guards against decompression bombs: no legitimate training image is over 64 megapixels. */
const MAX_INPUT_PIXELS = 64_000_000;
/** Longest side of the working image every measurement is taken from. */
const WORKING_SIZE_PX = 256;

interface Decoded {
  readonly pixels: RgbPixels;
  readonly original: { readonly width: number; readonly height: number };
}

/**
 * One decode per image, at working size: sharp's shrink-on-load decodes a JPEG at 1/2, 1/4 or 1/8 scale straight from
 * the DCT and the bilinear kernel only finishes the last step. The original size comes from a header read (markers,
 * no pixels, ~0.2 ms), because the pipeline reports only its output size. Transparent pixels are measured as seen on
 * white: the colour hidden under them is arbitrary.
 */
export class SharpImageAnalyzer implements ImageAnalyzer {
  async analyze(bytes: Uint8Array): Promise<ImageMeasurements> {
    const { pixels, original } = await decode(bytes);
    return measurePixels(pixels, original);
  }
}

async function decode(bytes: Uint8Array): Promise<Decoded> {
  try {
    const image = sharp(bytes, { failOn: 'error', limitInputPixels: MAX_INPUT_PIXELS });
    const metadata = await image.metadata();
    const { data, info } = await image
      .rotate()
      .resize({ width: WORKING_SIZE_PX, height: WORKING_SIZE_PX, fit: 'inside', kernel: 'linear' })
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    return {
      pixels: {
        width: info.width,
        height: info.height,
        data: new Uint8Array(data.buffer, data.byteOffset, data.length),
      },
      original: { width: metadata.autoOrient.width, height: metadata.autoOrient.height },
    };
  } catch (error) {
    const reason = firstLine(error);
    const message = `The file is unreadable as an image (${reason}): it may be truncated or not an image at all; replace or delete it.`;
    throw new TroupeError('INVALID_IMAGE', message, { cause: error });
  }
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? 'unknown error';
}
