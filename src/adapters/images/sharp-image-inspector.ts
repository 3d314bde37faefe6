import { sha256Hex } from '../hashing/sha256-hex.js';
import sharp from 'sharp';
import type { ImageInspector } from '../../app/ports.js';
import { TroupeError } from '../../domain/errors/troupe-error.js';
import type { ImageMetrics } from '../../domain/images/image-acceptance.js';

/** Guards against decompression bombs: no legitimate training image is over 64 megapixels. */
const MAX_INPUT_PIXELS = 64_000_000;

export class SharpImageInspector implements ImageInspector {
  async inspect(bytes: Uint8Array): Promise<ImageMetrics> {
    try {
      const image = sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' });
      const metadata = await image.metadata();
      const stats = await image.clone().greyscale().stats();
      return {
        format: metadata.format ?? 'unknown',
        width: metadata.autoOrient?.width ?? metadata.width ?? 0,
        height: metadata.autoOrient?.height ?? metadata.height ?? 0,
        luminanceStdDev: stats.channels[0]?.stdev ?? 0,
      };
    } catch (error) {
      throw new TroupeError('INVALID_IMAGE', `The file is not a readable image (${firstLine(error)}).`, {
        cause: error,
      });
    }
  }

  async toJpeg(bytes: Uint8Array, maxSidePx: number): Promise<Uint8Array> {
    return sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS })
      .rotate()
      .resize({ width: maxSidePx, height: maxSidePx, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .jpeg({ quality: 92 })
      .toBuffer();
  }

  async thumbnail(bytes: Uint8Array, sizePx: number): Promise<Uint8Array> {
    return sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS })
      .rotate()
      .resize({ width: sizePx, height: sizePx, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 80 })
      .toBuffer();
  }

  sha256(bytes: Uint8Array): string {
    return sha256Hex(bytes);
  }
}

function firstLine(error: unknown): string {
  return String((error as Error).message ?? error).split('\n')[0] ?? 'unknown error';
}
