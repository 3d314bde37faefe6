import { resizeArea, type LumaPlane } from './luma.js';

const DCT_SIZE = 32;
const LOW_BAND = 8;

/** COSINES[u * DCT_SIZE + x] = cos((2x + 1) u π / 2N) for the low-band frequencies u < LOW_BAND. */
const COSINES = Float64Array.from({ length: LOW_BAND * DCT_SIZE }, (_, k) => {
  const u = Math.floor(k / DCT_SIZE);
  const x = k % DCT_SIZE;
  return Math.cos(((2 * x + 1) * u * Math.PI) / (2 * DCT_SIZE));
});

/**
 * pHash: the luma shrunk to 32x32, its DCT-II, and the 8x8 lowest frequencies each compared with their median (the
 * DC term excluded from the median, as it only says how bright the image is). Row-major bits, first bit highest.
 */
export function perceptualHash(luma: LumaPlane): string {
  const low = lowBandDct(resizeArea(luma, DCT_SIZE, DCT_SIZE).data);
  const ac = Array.from(low.subarray(1)).sort((a, b) => a - b);
  const median = ((ac[(ac.length - 1) >> 1] ?? 0) + (ac[ac.length >> 1] ?? 0)) / 2;
  return bitsToHex(Array.from(low, (coefficient) => coefficient > median));
}

/** dHash: the luma shrunk to 9x8; each bit says whether brightness rises from one column to the next. */
export function differenceHash(luma: LumaPlane): string {
  const small = resizeArea(luma, 9, 8).data;
  const bits: boolean[] = [];
  for (let y = 0; y < 8; y += 1) {
    for (let x = 0; x < 8; x += 1) bits.push((small[y * 9 + x + 1] ?? 0) > (small[y * 9 + x] ?? 0));
  }
  return bitsToHex(bits);
}

/** Unnormalised separable DCT-II of a 32x32 block, computing only the 8x8 low band (index v * 8 + u). */
function lowBandDct(block: Float32Array): Float64Array {
  const rows = new Float64Array(DCT_SIZE * LOW_BAND);
  for (let y = 0; y < DCT_SIZE; y += 1) {
    for (let u = 0; u < LOW_BAND; u += 1) {
      let sum = 0;
      for (let x = 0; x < DCT_SIZE; x += 1) sum += (block[y * DCT_SIZE + x] ?? 0) * (COSINES[u * DCT_SIZE + x] ?? 0);
      rows[y * LOW_BAND + u] = sum;
    }
  }
  const low = new Float64Array(LOW_BAND * LOW_BAND);
  for (let v = 0; v < LOW_BAND; v += 1) {
    for (let u = 0; u < LOW_BAND; u += 1) {
      let sum = 0;
      for (let y = 0; y < DCT_SIZE; y += 1) sum += (rows[y * LOW_BAND + u] ?? 0) * (COSINES[v * DCT_SIZE + y] ?? 0);
      low[v * LOW_BAND + u] = sum;
    }
  }
  return low;
}

function bitsToHex(bits: readonly boolean[]): string {
  let hex = '';
  for (let i = 0; i < bits.length; i += 4) {
    const nibble = (bits[i] ? 8 : 0) | (bits[i + 1] ? 4 : 0) | (bits[i + 2] ? 2 : 0) | (bits[i + 3] ? 1 : 0);
    hex += nibble.toString(16);
  }
  return hex;
}
