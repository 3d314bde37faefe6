import sharp from 'sharp';
import type { ImageType } from '../../src/domain/prompts/image-type.js';

/** Troupe's own edits of one face: what a sound training image may do to it. Shared by the tests and calibration. */
export interface FaceEdit {
  readonly name: string;
  readonly type: ImageType;
  apply(bytes: Uint8Array): Promise<Uint8Array>;
}

const jpeg = async (image: sharp.Sharp, quality = 90) => new Uint8Array(await image.jpeg({ quality }).toBuffer());

async function cropped(bytes: Uint8Array, keep: number): Promise<Uint8Array> {
  const { width = 0, height = 0 } = await sharp(bytes).metadata();
  const w = Math.round(width * keep);
  const h = Math.round(height * keep);
  return jpeg(
    sharp(bytes).extract({ left: Math.round((width - w) / 2), top: Math.round((height - h) / 3), width: w, height: h }),
  );
}

export const FACE_EDITS: readonly FaceEdit[] = [
  { name: 'unchanged (re-decoded)', type: 'photorealistic', apply: async (b) => b },
  { name: 'mirrored', type: 'photorealistic', apply: (b) => jpeg(sharp(b).flop()) },
  { name: 'brighter (+35%)', type: 'photorealistic', apply: (b) => jpeg(sharp(b).modulate({ brightness: 1.35 })) },
  { name: 'darker (-40%)', type: 'photorealistic', apply: (b) => jpeg(sharp(b).modulate({ brightness: 0.6 })) },
  { name: 're-encoded at quality 25', type: 'photorealistic', apply: (b) => jpeg(sharp(b), 25) },
  { name: 'upscaled to 1024 px', type: 'photorealistic', apply: (b) => jpeg(sharp(b).resize({ height: 1024 })) },
  { name: 'tight crop (70%)', type: 'photorealistic', apply: (b) => cropped(b, 0.7) },
  { name: 'loose crop (85%)', type: 'photorealistic', apply: (b) => cropped(b, 0.85) },
  { name: 'warm colour grade', type: 'color_stylized', apply: (b) => jpeg(sharp(b).tint({ r: 255, g: 200, b: 140 })) },
  {
    name: 'teal colour grade',
    type: 'color_stylized',
    apply: (b) =>
      jpeg(
        sharp(b).recomb([
          [0.6, 0.3, 0.1],
          [0.2, 0.8, 0.2],
          [0.2, 0.3, 0.9],
        ]),
      ),
  },
  { name: 'saturated (x1.8)', type: 'color_stylized', apply: (b) => jpeg(sharp(b).modulate({ saturation: 1.8 })) },
  { name: 'black and white', type: 'bw_stylized', apply: (b) => jpeg(sharp(b).greyscale()) },
  { name: 'high-contrast b&w', type: 'bw_stylized', apply: (b) => jpeg(sharp(b).greyscale().linear(1.5, -60)) },
  { name: 'sepia', type: 'bw_stylized', apply: (b) => jpeg(sharp(b).greyscale().tint({ r: 112, g: 66, b: 20 })) },
];
