import sharp from 'sharp';
import { SeededRandom } from '../random/seeded-random.js';

import { TroupeError, invalidInput } from '../../domain/errors/troupe-error.js';

export type SimImageType = 'photorealistic' | 'bw_stylized' | 'color_stylized';

export interface SimRenderRequest {
  readonly baseImage: Uint8Array; // any format sharp decodes (JPEG/PNG/WebP)
  readonly type: SimImageType;
  readonly seed: number; // uint32; the same seed + base + type must give byte-identical output
  readonly sizePx?: number; // longest side of the output, default 1024
}

const DEFAULT_SIZE_PX = 1024;
const MIN_SIZE_PX = 16;
const MAX_SIZE_PX = 8192;
const MIN_KEEP = 0.55;
const JPEG_OPTIONS = { quality: 88, mozjpeg: false } as const;
/** Below this luminance spread an image reads as a flat swatch, useless for training. */
const BLANK_STDDEV = 4;

/** Packed 8-bit pixels. Renders end as RGB so the blank check and the encoder need no channel bookkeeping. */
interface Pixels {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
}
type RgbImage = Pixels;
type GreyImage = Pixels;

type Rng = () => number;

/** A seeded stream of uniforms in [0, 1): the same seed renders the same image. */
function seededStream(seed: number): Rng {
  const random = new SeededRandom(seed);
  return () => random.next();
}

function between(rng: Rng, low: number, high: number): number {
  return low + (high - low) * rng();
}

/** Salting by type keeps the three kinds from sharing one framing when callers reuse a seed across types. */
const TYPE_SALT: Readonly<Record<SimImageType, number>> = {
  photorealistic: 0x9e3779b9,
  bw_stylized: 0x85ebca6b,
  color_stylized: 0xc2b2ae35,
};

/** Renders one training image as JPEG bytes. */
export async function renderSimImage(request: SimRenderRequest): Promise<Uint8Array> {
  const sizePx = checkRequest(request);
  const rng = seededStream((request.seed ^ TYPE_SALT[request.type]) >>> 0);
  const base = await decodeBase(request.baseImage, sizePx);
  const framed = await stage(frame(base, rng, sizePx), rng, sizePx);
  const rendered = await RENDERERS[request.type](framed, rng);
  const finished = await ensureNotBlank(rendered, rng);
  const jpeg = await fromRgb(finished).jpeg(JPEG_OPTIONS).toBuffer();
  return new Uint8Array(jpeg.buffer, jpeg.byteOffset, jpeg.byteLength);
}

function checkRequest(request: SimRenderRequest): number {
  const { seed, type } = request;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw invalidInput(`The sim seed must be an integer from 0 to 4294967295, not ${seed}.`);
  }
  if (!Object.hasOwn(TYPE_SALT, type)) {
    throw invalidInput(`"${String(type)}" is not an image type; use photorealistic, bw_stylized or color_stylized.`);
  }
  const sizePx = request.sizePx ?? DEFAULT_SIZE_PX;
  if (!Number.isInteger(sizePx) || sizePx < MIN_SIZE_PX || sizePx > MAX_SIZE_PX) {
    throw invalidInput(`The sim image size must be a whole number of pixels from ${MIN_SIZE_PX} to ${MAX_SIZE_PX}.`);
  }
  return sizePx;
}

/**
 * Orientation, alpha, grey or 16-bit inputs and odd colour spaces are all settled here, once, so the later stages
 * see plain sRGB. Huge bases are shrunk to what the tightest crop can use, which bounds the cost of every render.
 */
async function decodeBase(bytes: Uint8Array, sizePx: number): Promise<RgbImage> {
  const needed = Math.ceil(sizePx / MIN_KEEP);
  try {
    const decoded = sharp(bytes, { failOn: 'error' })
      .autoOrient()
      .resize({ width: needed, height: needed, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' });
    return await toRgb(decoded);
  } catch (cause) {
    const message = 'The base image could not be decoded; use a JPEG, PNG or WebP file.';
    throw new TroupeError('INVALID_IMAGE', message, { cause });
  }
}

function fromRgb(image: RgbImage): sharp.Sharp {
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } });
}

function toRgb(pipeline: sharp.Sharp): Promise<RgbImage> {
  return readPixels(pipeline.toColourspace('srgb'), 3);
}

/** Greyscale output is one band; reading it as such keeps the bw pixel pass a third of the size. */
function toGrey(pipeline: sharp.Sharp): Promise<GreyImage> {
  return readPixels(pipeline.greyscale(), 1);
}

async function readPixels(pipeline: sharp.Sharp, channels: 1 | 3): Promise<Pixels> {
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== channels) {
    throw new TroupeError('PROVIDER', `The sim renderer expected ${channels} channels, got ${info.channels}.`);
  }
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return { data: bytes, width: info.width, height: info.height };
}

/**
 * A random crop (same aspect as the base) varies framing between close-up and wide, and a mirror doubles the poses a
 * LoRA sees. Sharp runs extract, resize and flop in that order, so one pipeline serves.
 */
function frame(base: RgbImage, rng: Rng, sizePx: number): sharp.Sharp {
  const keep = between(rng, MIN_KEEP, 1);
  const width = Math.max(1, Math.round(base.width * keep));
  const height = Math.max(1, Math.round(base.height * keep));
  const left = Math.floor(rng() * (base.width - width + 1));
  const top = Math.floor(rng() * (base.height - height + 1));
  const isLandscape = width >= height;
  return fromRgb(base)
    .extract({ left, top, width, height })
    .resize({ ...(isLandscape ? { width: sizePx } : { height: sizePx }), kernel: 'lanczos3' })
    .flop(rng() < 0.5);
}

/**
 * A real model changes pose and setting with every prompt; crops of one base image alone would all be near-duplicates
 * of each other (and the balancer would rightly say so). So each render places the framed subject at a seeded scale
 * and position in a seeded setting: a backdrop gradient, a horizon band and a light source.
 */
async function stage(framed: sharp.Sharp, rng: Rng, sizePx: number): Promise<sharp.Sharp> {
  const { data, info } = await framed.png().toBuffer({ resolveWithObject: true });
  const scale = between(rng, 0.5, 0.92);
  const subjectWidth = Math.max(1, Math.round(info.width * scale));
  const subjectHeight = Math.max(1, Math.round(info.height * scale));
  const subject = await sharp(data).resize({ width: subjectWidth, height: subjectHeight }).png().toBuffer();
  const left = Math.floor(rng() * (info.width - subjectWidth + 1));
  const top = info.height - subjectHeight - Math.floor(rng() * 0.08 * info.height);
  const backdrop = Buffer.from(sceneSvg(rng, info.width, info.height));
  const staged = await sharp(backdrop)
    .composite([{ input: subject, left, top: Math.max(0, top) }])
    .removeAlpha()
    .png()
    .toBuffer();
  return sharp(staged).resize({ width: sizePx, height: sizePx, fit: 'inside' });
}

function sceneSvg(rng: Rng, width: number, height: number): string {
  const hue = () => Math.floor(rng() * 360);
  const sky = `hsl(${hue()},${40 + Math.floor(rng() * 40)}%,${55 + Math.floor(rng() * 30)}%)`;
  const haze = `hsl(${hue()},${30 + Math.floor(rng() * 40)}%,${40 + Math.floor(rng() * 40)}%)`;
  const ground = `hsl(${hue()},${20 + Math.floor(rng() * 40)}%,${20 + Math.floor(rng() * 40)}%)`;
  const horizon = Math.round(height * between(rng, 0.45, 0.8));
  const sunX = Math.round(width * rng());
  const sunY = Math.round(horizon * between(rng, 0.15, 0.7));
  const sunR = Math.round(Math.min(width, height) * between(rng, 0.06, 0.16));
  const angle = Math.floor(rng() * 360);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="s" gradientTransform="rotate(${angle} 0.5 0.5)"><stop offset="0" stop-color="${sky}"/><stop offset="1" stop-color="${haze}"/></linearGradient></defs>
    <rect width="${width}" height="${height}" fill="url(#s)"/>
    <circle cx="${sunX}" cy="${sunY}" r="${sunR}" fill="hsl(${hue()},90%,85%)"/>
    <rect y="${horizon}" width="${width}" height="${height - horizon}" fill="${ground}"/>
    <rect x="${Math.round(width * rng())}" y="${Math.round(horizon * between(rng, 0, 0.5))}" width="${Math.round(width * between(rng, 0.05, 0.2))}" height="${height}" fill="hsl(${hue()},35%,${25 + Math.floor(rng() * 50)}%)"/></svg>`;
}

type Renderer = (framed: sharp.Sharp, rng: Rng) => Promise<RgbImage>;

const RENDERERS: Readonly<Record<SimImageType, Renderer>> = {
  photorealistic: renderPhotorealistic,
  bw_stylized: renderBwStylized,
  color_stylized: renderColorStylized,
};

/**
 * Plausible camera variation only. White balance, exposure and saturation are all linear in RGB, so they fold into
 * one recomb matrix; sharp's modulate would do the same through LCh at several times the cost.
 */
function renderPhotorealistic(framed: sharp.Sharp, rng: Rng): Promise<RgbImage> {
  const warmth = between(rng, -0.07, 0.07);
  const brightness = between(rng, 0.8, 1.2);
  const saturation = between(rng, 0.85, 1.15);
  const gains = [1 + warmth, 1 + warmth * 0.2, 1 - warmth].map((gain) => gain * brightness);
  // Saturation mixes each output channel with luma; white balance and exposure scale the input channels.
  const cell = (i: number, j: number): number =>
    ((1 - saturation) * (REC709_LUMA[j] ?? 0) + (i === j ? saturation : 0)) * (gains[j] ?? 1);
  const matrix: sharp.Matrix3x3 = [
    [cell(0, 0), cell(0, 1), cell(0, 2)],
    [cell(1, 0), cell(1, 1), cell(1, 2)],
    [cell(2, 0), cell(2, 1), cell(2, 2)],
  ];
  return toRgb(framed.recomb(matrix));
}

const REC709_LUMA = [0.2126, 0.7152, 0.0722] as const;

/** The grain and toning are computed per pixel in JS because sharp has no seeded noise and its tint is too strong. */
async function renderBwStylized(framed: sharp.Sharp, rng: Rng): Promise<RgbImage> {
  const contrast = between(rng, 1.1, 1.45);
  const pivot = between(rng, 110, 145);
  const grey = await toGrey(framed.linear(contrast, pivot * (1 - contrast)));
  const grain = between(rng, 5, 12);
  const tone = rng() < 0.4 ? pickTone(rng) : NO_TONE;
  const noise = seededStream(Math.floor(rng() * 0x100000000));
  const data = new Uint8Array(grey.data.length * 3);
  for (let p = 0, i = 0; p < grey.data.length; p += 1, i += 3) {
    const value = (grey.data[p] ?? 0) + (noise() + noise() + noise() - 1.5) * 2 * grain;
    const level = Math.min(255, Math.max(0, value)) / 255;
    const midtone = 4 * level * (1 - level); // toning shows in the midtones; paper white and deep black stay neutral
    data[i] = clampByte(value + tone[0] * midtone);
    data[i + 1] = clampByte(value + tone[1] * midtone);
    data[i + 2] = clampByte(value + tone[2] * midtone);
  }
  return { ...grey, data };
}

type Tone = readonly [number, number, number];
const NO_TONE: Tone = [0, 0, 0];
/** Offsets in 8-bit levels at mid-grey: one fixed direction keeps the hue constant, small size keeps chroma low. */
const TONES: readonly Tone[] = [
  [1, 0.35, -0.9], // sepia
  [-0.3, -0.5, 0.8], // selenium, a cool purple-brown
];

function pickTone(rng: Rng): Tone {
  const direction = TONES[Math.floor(rng() * TONES.length)] ?? NO_TONE;
  const strength = between(rng, 3, 5);
  return [direction[0] * strength, direction[1] * strength, direction[2] * strength];
}

/**
 * Sharp runs blur, convolve and modulate in that order, so the painterly pass and the grade share one pipeline. A 3x3
 * convolution sharpens instead of sharp's sharpen, which works in LAB and doubled the render time.
 */
async function renderColorStylized(framed: sharp.Sharp, rng: Rng): Promise<RgbImage> {
  const hue = Math.round(between(rng, 40, 320));
  const saturation = between(rng, 1.3, 1.8);
  const brightness = between(rng, 0.95, 1.1);
  const levels = 3 + Math.floor(rng() * 4);
  const painterly = rng() < 0.5 ? between(rng, 1, 2.2) : 0;
  const edge = between(rng, 0.4, 0.8);
  const sharpen = { width: 3, height: 3, kernel: [0, -edge, 0, -edge, 1 + 4 * edge, -edge, 0, -edge, 0] };
  const painted = painterly > 0 ? framed.blur(painterly).convolve(sharpen) : framed;
  return posterize(await toRgb(painted.modulate({ hue, saturation, brightness })), levels);
}

function posterize(image: RgbImage, levels: number): RgbImage {
  const step = 255 / (levels - 1);
  const table = new Uint8Array(256);
  for (let v = 0; v < 256; v += 1) table[v] = Math.round(Math.round(v / step) * step);
  const data = new Uint8Array(image.data.length);
  for (let i = 0; i < data.length; i += 1) data[i] = table[image.data[i] ?? 0] ?? 0;
  return { ...image, data };
}

/**
 * A flat base, or posterizing a low-contrast crop, could collapse to one colour. A seeded grey gradient and grain
 * restore structure without adding chroma, so a monochrome render stays monochrome.
 */
async function ensureNotBlank(image: RgbImage, rng: Rng): Promise<RgbImage> {
  if ((await structureStdDev(image)) >= BLANK_STDDEV) return image;
  const angle = rng() * 2 * Math.PI;
  const noise = seededStream(Math.floor(rng() * 0x100000000));
  const [dx, dy] = [Math.cos(angle) / image.width, Math.sin(angle) / image.height];
  const data = new Uint8Array(image.data.length);
  for (let p = 0; p < image.width * image.height; p += 1) {
    const x = p % image.width;
    const y = Math.floor(p / image.width);
    const shift = 60 * ((x - image.width / 2) * dx + (y - image.height / 2) * dy) + (noise() - 0.5) * 16;
    // Flat black or white would clip a pure shift away, so pull the level toward mid-grey first.
    for (let c = 0; c < 3; c += 1) data[p * 3 + c] = clampByte(0.7 * (image.data[p * 3 + c] ?? 0) + 38 + shift);
  }
  return { ...image, data };
}

/** Grain and JPEG noise are not content: averaging 8x8 areas first keeps a flat image with grain from passing. */
async function structureStdDev(image: RgbImage): Promise<number> {
  const small = await toGrey(fromRgb(image).resize({ width: Math.max(1, Math.round(image.width / 8)) }));
  const mean = small.data.reduce((total, value) => total + value, 0) / small.data.length;
  const variance = small.data.reduce((total, value) => total + (value - mean) ** 2, 0) / small.data.length;
  return Math.sqrt(variance);
}

function clampByte(value: number): number {
  return Math.min(255, Math.max(0, Math.round(value)));
}
