import sharp from 'sharp';
import type { ExportImageFitter, FittedImage } from '../../app/ports.js';
import { TroupeError } from '../../domain/errors/troupe-error.js';

const MAX_INPUT_PIXELS = 64_000_000;
const EXTENSION_OF_FORMAT: Readonly<Record<string, string>> = { jpeg: 'jpg', png: 'png', webp: 'webp' };

/** Scales down (never up) and crops with sharp; an image that needs neither is passed through byte for byte. */
export class SharpExportFitter implements ExportImageFitter {
  async fit(bytes: Uint8Array, options: { maxSidePx: number; isSquare: boolean }): Promise<FittedImage> {
    let metadata: sharp.Metadata;
    try {
      metadata = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
    } catch (error) {
      throw new TroupeError('INVALID_IMAGE', `The file is not a readable image (${(error as Error).message}).`, {
        cause: error,
      });
    }
    const width = metadata.autoOrient?.width ?? metadata.width ?? 0;
    const height = metadata.autoOrient?.height ?? metadata.height ?? 0;
    const extension = EXTENSION_OF_FORMAT[metadata.format ?? ''];
    const side = options.isSquare ? Math.min(width, height) : Math.max(width, height);
    const isSquareAlready = width === height;
    const isOriented = (metadata.orientation ?? 1) === 1;
    if (extension !== undefined && side <= options.maxSidePx && isOriented && (!options.isSquare || isSquareAlready))
      return { bytes, extension, width, height, isChanged: false };
    const target = Math.min(side, options.maxSidePx);
    const pipeline = sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS })
      .rotate()
      .resize(
        options.isSquare
          ? { width: target, height: target, fit: 'cover', position: 'attention', withoutEnlargement: true }
          : { width: target, height: target, fit: 'inside', withoutEnlargement: true },
      );
    const isPng = metadata.format === 'png';
    const { data, info } = await (isPng ? pipeline.png() : pipeline.jpeg({ quality: 95 })).toBuffer({
      resolveWithObject: true,
    });
    return { bytes: data, extension: isPng ? 'png' : 'jpg', width: info.width, height: info.height, isChanged: true };
  }
}
