import { invalidInput } from '../errors/troupe-error.js';

const HEX = /^[0-9a-f]*$/i;

/** Set bits in each 4-bit value. */
const NIBBLE_BITS = [0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4] as const;

/** Number of differing bits between two hex-encoded hashes of the same length (0..64 for 16-digit hashes). */
export function hammingDistance(hexA: string, hexB: string): number {
  if (hexA.length !== hexB.length || !HEX.test(hexA) || !HEX.test(hexB)) {
    throw invalidInput(
      `Cannot compare the hashes "${hexA}" and "${hexB}": both must be hex strings of the same length.`,
    );
  }
  let distance = 0;
  for (let i = 0; i < hexA.length; i += 1) {
    const differing = Number.parseInt(hexA.charAt(i), 16) ^ Number.parseInt(hexB.charAt(i), 16);
    distance += NIBBLE_BITS[differing] ?? 0;
  }
  return distance;
}
