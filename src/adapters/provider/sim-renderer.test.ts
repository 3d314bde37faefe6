import sharp from 'sharp';
import { describe, it, expect } from 'vitest';

import { renderSimImage, type SimImageType } from './sim-renderer.js';

const TYPES: readonly SimImageType[] = ['photorealistic', 'bw_stylized', 'color_stylized'];
const SEEDS = [1, 42, 7777, 123456789, 4294967295];
const SLOW = 60_000;

/** A portrait base with strong, varied colour so a lost chroma channel or a blank render cannot pass unnoticed. */
async function makeBase(width = 600, height = 800): Promise<Uint8Array> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#e63946"/><stop offset="0.5" stop-color="#2a9d8f"/><stop offset="1" stop-color="#264653"/>
    </linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/>
    <circle cx="${width * 0.5}" cy="${height * 0.35}" r="${width * 0.22}" fill="#f4a261"/>
    <rect x="${width * 0.1}" y="${height * 0.62}" width="${width * 0.8}" height="${height * 0.2}" fill="#e9c46a"/>
    <circle cx="${width * 0.42}" cy="${height * 0.32}" r="${width * 0.03}" fill="#1d3557"/>
    <circle cx="${width * 0.58}" cy="${height * 0.32}" r="${width * 0.03}" fill="#1d3557"/>
    <polygon points="0,${height} ${width * 0.3},${height * 0.7} ${width * 0.6},${height}" fill="#8338ec"/>
  </svg>`;
  return new Uint8Array(await sharp(Buffer.from(svg)).png().toBuffer());
}

async function makeFlatBase(): Promise<Uint8Array> {
  const flat = sharp({ create: { width: 300, height: 300, channels: 3, background: { r: 128, g: 128, b: 128 } } });
  return new Uint8Array(await flat.jpeg().toBuffer());
}

/** Mean of max(r,g,b) - min(r,g,b): zero for any grey, large for saturated colour. */
async function meanChroma(jpeg: Uint8Array): Promise<number> {
  const { data, info } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
  expect(info.channels).toBe(3);
  let total = 0;
  for (let i = 0; i < data.length; i += 3) {
    const [r, g, b] = [data[i] ?? 0, data[i + 1] ?? 0, data[i + 2] ?? 0];
    total += Math.max(r, g, b) - Math.min(r, g, b);
  }
  return total / (data.length / 3);
}

async function lumaStdDev(jpeg: Uint8Array): Promise<number> {
  const stats = await sharp(jpeg).greyscale().stats();
  return stats.channels[0]?.stdev ?? 0;
}

describe('renderSimImage', () => {
  it.each(TYPES)('renders %s as an sRGB JPEG, 1024 px on the long side, aspect kept', async (type) => {
    const out = await renderSimImage({ baseImage: await makeBase(), type, seed: 42 });
    const meta = await sharp(out).metadata();
    expect(meta.format).toBe('jpeg');
    expect(meta.channels).toBe(3);
    expect(meta.hasAlpha).toBe(false);
    expect(meta.space).toBe('srgb');
    expect(meta.height).toBe(1024);
    expect(Math.abs((meta.width ?? 0) - 768)).toBeLessThanOrEqual(2);
  });

  it('honours sizePx and a landscape base', async () => {
    const portrait = await sharp(
      await renderSimImage({ baseImage: await makeBase(), type: 'photorealistic', seed: 3, sizePx: 512 }),
    ).metadata();
    expect(portrait.height).toBe(512);
    expect(portrait.width).toBeLessThan(512);
    const landscape = await sharp(
      await renderSimImage({ baseImage: await makeBase(900, 500), type: 'bw_stylized', seed: 3, sizePx: 640 }),
    ).metadata();
    expect(landscape.width).toBe(640);
    expect(landscape.height).toBeLessThan(640);
  });

  it.each(TYPES)('is byte-identical for the same seed and differs across seeds (%s)', async (type) => {
    const baseImage = await makeBase();
    const first = await renderSimImage({ baseImage, type, seed: 99 });
    const again = await renderSimImage({ baseImage, type, seed: 99 });
    const other = await renderSimImage({ baseImage, type, seed: 100 });
    expect(Buffer.from(again).equals(Buffer.from(first))).toBe(true);
    expect(Buffer.from(other).equals(Buffer.from(first))).toBe(false);
  });

  it('gives the three types different pictures for one seed', async () => {
    const baseImage = await makeBase();
    const outs = await Promise.all(TYPES.map((type) => renderSimImage({ baseImage, type, seed: 5 })));
    expect(new Set(outs.map((o) => Buffer.from(o).toString('base64'))).size).toBe(3);
  });

  it('makes bw_stylized truly monochrome, toned or not', { timeout: SLOW }, async () => {
    const baseImage = await makeBase();
    for (let seed = 0; seed < 16; seed += 1) {
      const out = await renderSimImage({ baseImage, type: 'bw_stylized', seed, sizePx: 512 });
      expect(await meanChroma(out), `seed ${seed}`).toBeLessThan(12);
    }
  });

  it.each(['photorealistic', 'color_stylized'] as const)('keeps %s colourful', { timeout: SLOW }, async (type) => {
    const baseImage = await makeBase();
    for (const seed of SEEDS) {
      const out = await renderSimImage({ baseImage, type, seed, sizePx: 512 });
      expect(await meanChroma(out), `seed ${seed}`).toBeGreaterThan(15);
    }
  });

  it('never renders a blank image, even from a flat base', { timeout: SLOW }, async () => {
    const bases = [await makeBase(), await makeFlatBase()];
    for (const baseImage of bases) {
      for (const type of TYPES) {
        for (const seed of SEEDS) {
          const out = await renderSimImage({ baseImage, type, seed, sizePx: 512 });
          expect(await lumaStdDev(out), `${type} seed ${seed}`).toBeGreaterThan(5);
        }
      }
    }
  });

  it('varies framing: photorealistic crops differ in zoom across seeds', async () => {
    const baseImage = await makeBase();
    const spreads = await Promise.all(
      SEEDS.map(async (seed) =>
        lumaStdDev(await renderSimImage({ baseImage, type: 'photorealistic', seed, sizePx: 256 })),
      ),
    );
    expect(Math.max(...spreads) - Math.min(...spreads)).toBeGreaterThan(1);
  });

  it('rejects a bad seed, size or base image', async () => {
    const baseImage = await makeBase();
    await expect(renderSimImage({ baseImage, type: 'photorealistic', seed: -1 })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await expect(renderSimImage({ baseImage, type: 'photorealistic', seed: 1.5 })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await expect(renderSimImage({ baseImage, type: 'photorealistic', seed: 1, sizePx: 0 })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    const junk = new Uint8Array([1, 2, 3, 4, 5]);
    await expect(renderSimImage({ baseImage: junk, type: 'photorealistic', seed: 1 })).rejects.toMatchObject({
      code: 'INVALID_IMAGE',
    });
  });
});
