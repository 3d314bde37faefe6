import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hammingDistance } from './hamming.js';

const hash64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map((value) => value.toString(16).padStart(16, '0'));

describe('hammingDistance', () => {
  it('counts differing bits', () => {
    expect(hammingDistance('0123456789abcdef', '0123456789abcdef')).toBe(0);
    expect(hammingDistance('0000000000000000', 'ffffffffffffffff')).toBe(64);
    expect(hammingDistance('0000000000000001', '0000000000000003')).toBe(1);
    expect(hammingDistance('8000000000000000', '0000000000000007')).toBe(4);
  });

  it('ignores the case of hex digits', () => {
    expect(hammingDistance('ABCDEF0000000000', 'abcdef0000000000')).toBe(0);
  });

  it.each([
    ['00', '000'],
    ['zz00000000000000', '0000000000000000'],
  ])('rejects %s vs %s (not two hex strings of one length)', (a, b) => {
    expect(() => hammingDistance(a, b)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });

  it('is a metric on 64-bit hashes: zero on itself, symmetric, within 0-64, triangle inequality', () => {
    fc.assert(
      fc.property(hash64, hash64, hash64, (a, b, c) => {
        expect(hammingDistance(a, a)).toBe(0);
        const ab = hammingDistance(a, b);
        expect(ab).toBe(hammingDistance(b, a));
        expect(ab).toBeGreaterThanOrEqual(0);
        expect(ab).toBeLessThanOrEqual(64);
        expect(hammingDistance(a, c)).toBeLessThanOrEqual(ab + hammingDistance(b, c));
      }),
    );
  });

  it('agrees with counting the bits of the XOR', () => {
    fc.assert(
      fc.property(hash64, hash64, (a, b) => {
        const xor = BigInt(`0x${a}`) ^ BigInt(`0x${b}`);
        expect(hammingDistance(a, b)).toBe(xor.toString(2).replaceAll('0', '').length);
      }),
    );
  });
});
