/** 8-bit sRGB pixels, 3 bytes per pixel, rows top to bottom. */
export interface RgbPixels {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/** One luma sample per pixel on the 0-255 scale, kept as floats so resizing and filtering lose nothing to rounding. */
export interface LumaPlane {
  readonly width: number;
  readonly height: number;
  readonly data: Float32Array;
}

/** BT.601 luma, the Y of JPEG's YCbCr, so luma and chroma measurements describe the same colour space. */
export function toLuma(pixels: RgbPixels): LumaPlane {
  const count = pixels.width * pixels.height;
  const data = new Float32Array(count);
  const rgb = pixels.data;
  for (let p = 0, i = 0; p < count; p += 1, i += 3) {
    data[p] = 0.299 * (rgb[i] ?? 0) + 0.587 * (rgb[i + 1] ?? 0) + 0.114 * (rgb[i + 2] ?? 0);
  }
  return { width: pixels.width, height: pixels.height, data };
}

interface Tap {
  readonly index: number;
  readonly weight: number;
}

/**
 * Area-average resize: each output sample is the mean of the input area it covers, partly covered pixels weighted by
 * their overlap. Shrinking by any factor therefore averages every input pixel exactly once (no aliasing); enlarging
 * repeats pixels.
 */
export function resizeArea(plane: LumaPlane, width: number, height: number): LumaPlane {
  const xTaps = areaTaps(plane.width, width);
  const yTaps = areaTaps(plane.height, height);
  const rows = new Float32Array(width * plane.height);
  for (let y = 0; y < plane.height; y += 1) {
    const from = y * plane.width;
    for (let x = 0; x < width; x += 1) {
      let sum = 0;
      for (const tap of xTaps[x] ?? []) sum += (plane.data[from + tap.index] ?? 0) * tap.weight;
      rows[y * width + x] = sum;
    }
  }
  const data = new Float32Array(width * height);
  for (let y = 0; y < height; y += 1) {
    const taps = yTaps[y] ?? [];
    for (let x = 0; x < width; x += 1) {
      let sum = 0;
      for (const tap of taps) sum += (rows[tap.index * width + x] ?? 0) * tap.weight;
      data[y * width + x] = sum;
    }
  }
  return { width, height, data };
}

function areaTaps(inSize: number, outSize: number): Tap[][] {
  const scale = inSize / outSize;
  return Array.from({ length: outSize }, (_, out) => {
    const from = out * scale;
    const to = (out + 1) * scale;
    const taps: Tap[] = [];
    for (let index = Math.floor(from); index < Math.min(inSize, Math.ceil(to)); index += 1) {
      const overlap = Math.min(to, index + 1) - Math.max(from, index);
      if (overlap > 0) taps.push({ index, weight: overlap / scale });
    }
    return taps;
  });
}
