/**
 * The JPEGs the fake serves as prediction outputs: 512x512 coloured noise, fully determined by the seed, so a
 * test can tell two outputs apart and a rerun with the same seed gets the same bytes.
 */
import sharp from 'sharp';
import { SeededRandom } from '../../../src/adapters/random/seeded-random.js';
import type { OutputFault } from './fake-script.js';

const SIZE_PX = 512;

export class OutputImages {
  private readonly cache = new Map<number, Promise<Buffer>>();

  /** A valid JPEG for `seed`; rendered once per seed and reused, since sharp work is the slow part. */
  jpegFor(seed: number): Promise<Buffer> {
    let jpeg = this.cache.get(seed);
    if (!jpeg) {
      jpeg = renderNoise(seed);
      this.cache.set(seed, jpeg);
    }
    return jpeg;
  }
}

/** The bytes a client actually receives when the script damages an output. */
export function damage(jpeg: Buffer, fault: OutputFault | undefined): Buffer {
  if (fault === 'truncated') return jpeg.subarray(0, Math.floor(jpeg.length / 2));
  if (fault === 'corrupt') {
    // Same length, no JPEG markers: a decoder rejects it at the first byte, and a size check alone would pass.
    const garbage = Buffer.alloc(jpeg.length);
    const next = seededStream(jpeg.length);
    for (let i = 0; i < garbage.length; i += 1) garbage[i] = Math.floor(next() * 256) & 0x7f;
    return garbage;
  }
  return jpeg;
}

/** Reads the seed a client sent; predictions without one get a stable seed derived from their ordinal. */
export function seedOf(input: Readonly<Record<string, unknown>>, n: number): number {
  const seed = input['seed'];
  return typeof seed === 'number' && Number.isInteger(seed) ? seed >>> 0 : (n * 2_654_435_761) >>> 0;
}

async function renderNoise(seed: number): Promise<Buffer> {
  const next = seededStream(seed);
  const base = [next() * 255, next() * 255, next() * 255];
  const pixels = Buffer.alloc(SIZE_PX * SIZE_PX * 3);
  for (let i = 0; i < pixels.length; i += 1) {
    const channel = base[i % 3] ?? 0;
    pixels[i] = Math.max(0, Math.min(255, Math.round(channel + (next() - 0.5) * 96)));
  }
  return sharp(pixels, { raw: { width: SIZE_PX, height: SIZE_PX, channels: 3 } })
    .jpeg({ quality: 80 })
    .toBuffer();
}

function seededStream(seed: number): () => number {
  const random = new SeededRandom(seed);
  return () => random.next();
}
