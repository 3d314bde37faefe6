import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { hammingDistance } from '../../domain/evaluation/hamming.js';
import type { ImageMeasurements } from '../../domain/evaluation/image-measurements.js';
import { renderSimImage, type SimImageType } from '../provider/sim-renderer.js';
import { SharpImageAnalyzer } from './sharp-image-analyzer.js';

const SLOW_MS = 120_000;

/** Gradients, a glow, a dotted field and strokes in many hues: coarse layout plus some fine detail, like a photo. */
function colorfulSvg(width: number, height: number): Buffer {
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 1024 1024">
    <defs>
      <linearGradient id="sky" x1="0" y1="0" x2="1" y2="1">
        <stop offset="0" stop-color="#2b6cb0"/><stop offset="0.5" stop-color="#9f7aea"/><stop offset="1" stop-color="#f6ad55"/>
      </linearGradient>
      <radialGradient id="sun"><stop offset="0" stop-color="#fff5b1"/><stop offset="1" stop-color="#e53e3e"/></radialGradient>
      <pattern id="dots" width="24" height="24" patternUnits="userSpaceOnUse"><circle cx="12" cy="12" r="5" fill="#38a169"/></pattern>
    </defs>
    <rect width="1024" height="1024" fill="url(#sky)"/>
    <circle cx="700" cy="300" r="180" fill="url(#sun)"/>
    <rect x="80" y="560" width="520" height="360" fill="url(#dots)"/>
    <polygon points="0,1024 300,640 620,1024" fill="#2c7a7b"/>
    <ellipse cx="820" cy="820" rx="160" ry="90" fill="#d53f8c"/>
    <path d="M100 200 Q 300 50 500 220 T 900 160" stroke="#1a202c" stroke-width="14" fill="none"/>
  </svg>`);
}

const OTHER_SVG = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="1024" height="1024">
  <rect width="1024" height="1024" fill="#f7fafc"/>
  <rect width="512" height="1024" fill="#276749"/>
  <circle cx="300" cy="700" r="220" fill="#c05621"/>
  <rect x="600" y="80" width="340" height="500" fill="#2a4365" transform="rotate(12 770 330)"/>
  <line x1="0" y1="1024" x2="1024" y2="0" stroke="#e53e3e" stroke-width="40"/>
</svg>`);

const jpeg = async (image: sharp.Sharp, quality = 90): Promise<Buffer> => image.jpeg({ quality }).toBuffer();

/** Toning in a second pipeline: within one, sharp applies greyscale after tint and the tint would be lost. */
const toned = async (grey: Buffer, tint: sharp.RGBA): Promise<Buffer> => jpeg(sharp(grey).tint(tint));

async function makeFixtures(): Promise<Record<string, Buffer>> {
  const colorful = await jpeg(sharp(colorfulSvg(1024, 1024)));
  const greyPng = await sharp(colorful).greyscale().toColourspace('srgb').png().toBuffer();
  return {
    colorful,
    monochrome: await jpeg(sharp(colorful).greyscale()),
    sepia: await toned(greyPng, { r: 112, g: 66, b: 20 }),
    selenium: await toned(greyPng, { r: 96, g: 84, b: 120 }),
    blurred: await jpeg(sharp(colorful).blur(4)),
    darkened: await jpeg(sharp(colorful).modulate({ brightness: 0.15 })),
    washedOut: await jpeg(sharp(colorful).linear(0.3, 180)),
    reencoded: await jpeg(sharp(colorful), 60),
    resized: await jpeg(sharp(colorful).resize(512)),
    cropped: await jpeg(sharp(colorful).extract({ left: 61, top: 61, width: 902, height: 902 }).resize(1024)),
    different: await jpeg(sharp(OTHER_SVG)),
    truncated: colorful.subarray(0, Math.floor(colorful.length * 0.6)),
    'notes.jpg': Buffer.from('These are my notes, saved with the wrong extension.\n'),
  };
}

describe('SharpImageAnalyzer', () => {
  const analyzer = new SharpImageAnalyzer();
  let fixtures: Record<string, Buffer>;
  const measured: Record<string, ImageMeasurements> = {};
  const get = (name: string): ImageMeasurements => measured[name] ?? expect.unreachable(`${name} was not measured`);
  const pHashDistance = (a: string, b: string): number => hammingDistance(get(a).pHash, get(b).pHash);
  const dHashDistance = (a: string, b: string): number => hammingDistance(get(a).dHash, get(b).dHash);

  beforeAll(async () => {
    fixtures = await makeFixtures();
    for (const [name, bytes] of Object.entries(fixtures)) {
      if (name !== 'truncated' && name !== 'notes.jpg') measured[name] = await analyzer.analyze(bytes);
    }
  }, SLOW_MS);

  it('keeps the original size, not the 256 px working size', () => {
    expect(get('colorful')).toMatchObject({ width: 1024, height: 1024 });
    expect(get('resized')).toMatchObject({ width: 512, height: 512 });
  });

  it('tells colour from black-and-white, toned prints included', () => {
    expect(get('colorful').colorClass).toBe('color');
    expect(get('different').colorClass).toBe('color');
    // Measured (chroma / hue concentration): colourful 45.6 / 0.51, grey 0 / 1, sepia 43.3 / 0.9999, selenium 16.4 / 0.9997.
    for (const name of ['monochrome', 'sepia', 'selenium']) expect(get(name).colorClass, name).toBe('monochrome');
    expect(get('sepia').meanChroma).toBeGreaterThan(6);
  });

  it('finds re-encodes, resizes and small crops by hash distance, and not different pictures', () => {
    // Measured pHash/dHash bits from the original: re-encode q60 0/0, 512 px 0/0, 6% crop 18/10, different 30/33.
    for (const name of ['reencoded', 'resized']) {
      expect(pHashDistance('colorful', name), name).toBeLessThanOrEqual(2);
      expect(dHashDistance('colorful', name), name).toBeLessThanOrEqual(2);
    }
    expect(pHashDistance('colorful', 'cropped')).toBeGreaterThanOrEqual(6);
    expect(pHashDistance('colorful', 'cropped')).toBeLessThanOrEqual(20);
    expect(dHashDistance('colorful', 'cropped')).toBeLessThanOrEqual(20);
    expect(pHashDistance('colorful', 'different')).toBeGreaterThanOrEqual(24);
    expect(dHashDistance('colorful', 'different')).toBeGreaterThanOrEqual(24);
  });

  it('scores a blurred copy under half the sharpness of the original', () => {
    // Measured: 99.0 -> 21.7 (sigma 4); the q60 re-encode 100.4, the 512 px copy 107.3.
    expect(get('blurred').sharpness).toBeLessThan(0.5 * get('colorful').sharpness);
  });

  it('finds dark and washed-out copies by their brightness percentiles', () => {
    // Measured: original P5 99 / P99 195; darkened P99 30; washed out P5 209.
    expect(get('darkened').brightnessP99).toBeLessThan(70);
    expect(get('colorful').brightnessP99).toBeGreaterThan(150);
    expect(get('washedOut').brightnessP5).toBeGreaterThan(150);
    expect(get('colorful').brightnessP5).toBeLessThan(150);
  });

  it.each(['truncated', 'notes.jpg'])('rejects %s as INVALID_IMAGE, saying the file is unreadable', async (name) => {
    const bytes = fixtures[name] ?? expect.unreachable();
    await expect(analyzer.analyze(bytes)).rejects.toMatchObject({
      code: 'INVALID_IMAGE',
      message: expect.stringMatching(/unreadable/),
    });
  });

  it('measures after EXIF rotation: a sideways-tagged photo matches the upright one', async () => {
    const upright = await jpeg(sharp(colorfulSvg(512, 1024)));
    const sideways = await sharp(upright).rotate(-90).withMetadata({ orientation: 6 }).jpeg({ quality: 90 }).toBuffer();
    const [a, b] = await Promise.all([analyzer.analyze(upright), analyzer.analyze(sideways)]);
    expect(b).toMatchObject({ width: 512, height: 1024 });
    expect(hammingDistance(a.pHash, b.pHash)).toBeLessThanOrEqual(2);
  });

  it('measures a transparent PNG as seen on white', async () => {
    const clear = await sharp({
      create: { width: 300, height: 200, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } },
    })
      .png()
      .toBuffer();
    expect(await analyzer.analyze(clear)).toMatchObject({ width: 300, height: 200, brightnessP5: 255 });
  });

  describe('on the sim renderer output of a colourful base', () => {
    const SEEDS = [1, 42, 7777, 123456789, 4294967295];
    const EXPECTED: Readonly<Record<SimImageType, 'monochrome' | 'color'>> = {
      bw_stylized: 'monochrome',
      color_stylized: 'color',
      photorealistic: 'color',
    };

    it.each(Object.entries(EXPECTED))(
      'classifies %s as %s for 5 seeds',
      async (type, expected) => {
        const baseImage = await sharp(colorfulSvg(600, 800)).png().toBuffer();
        for (const seed of SEEDS) {
          const rendered = await renderSimImage({ baseImage, type: type as SimImageType, seed });
          const { colorClass, meanChroma, hueConcentration } = await analyzer.analyze(rendered);
          expect(
            { seed, colorClass },
            `chroma ${meanChroma.toFixed(1)}, concentration ${hueConcentration.toFixed(3)}`,
          ).toEqual({
            seed,
            colorClass: expected,
          });
        }
      },
      SLOW_MS,
    );
  });
});
