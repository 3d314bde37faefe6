import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IMAGE_TYPES } from '../prompts/image-type.js';
import { formatTargets, parseCountValue, resolveTypeTargets, sumTargets } from './type-targets.js';

const weights = { photorealistic: 15, bw_stylized: 11, color_stylized: 9 };
const invalidInput = (text: string) =>
  expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringContaining(text) });

describe('resolveTypeTargets with a count', () => {
  it('splits 35 as the seed library does: 15/11/9', () => {
    expect(resolveTypeTargets({ count: 35, spec: undefined, weights })).toEqual({
      photorealistic: 15,
      bw_stylized: 11,
      color_stylized: 9,
    });
  });

  it('splits 5 by largest remainder so it sums to 5', () => {
    // 2.14 / 1.57 / 1.29: floors 2/1/1, the spare image goes to the largest remainder (bw_stylized).
    expect(resolveTypeTargets({ count: 5, spec: undefined, weights })).toEqual({
      photorealistic: 2,
      bw_stylized: 2,
      color_stylized: 1,
    });
  });

  it('splits a names-only spec among the named types only', () => {
    const targets = resolveTypeTargets({ count: 4, spec: 'photorealistic,bw_stylized', weights });
    expect(targets).toEqual({ photorealistic: 2, bw_stylized: 2, color_stylized: 0 });
  });

  it('gives a single named type the whole count', () => {
    expect(resolveTypeTargets({ count: 7, spec: 'color_stylized', weights })).toEqual({
      photorealistic: 0,
      bw_stylized: 0,
      color_stylized: 7,
    });
  });
});

describe('resolveTypeTargets with explicit counts', () => {
  it('takes the counts as given and 0 for unnamed types', () => {
    expect(resolveTypeTargets({ count: undefined, spec: 'photorealistic=5,bw_stylized=3', weights })).toEqual({
      photorealistic: 5,
      bw_stylized: 3,
      color_stylized: 0,
    });
  });

  it('accepts a count that agrees with the spec, and spaces around parts', () => {
    const targets = resolveTypeTargets({ count: 8, spec: ' photorealistic = 5 , bw_stylized=3 ', weights });
    expect(sumTargets(targets)).toBe(8);
    expect(formatTargets(targets)).toBe('photorealistic=5,bw_stylized=3');
  });
});

describe('resolveTypeTargets errors', () => {
  it.each([
    ['a count that does not match the spec', 10, 'photorealistic=5,bw_stylized=3', 'does not match'],
    ['a spec mixing counts and names', undefined, 'photorealistic=2,bw_stylized', 'mixes types'],
    ['an unknown type', 5, 'portrait=5', '"portrait=5" is not a type'],
    ['an unknown type among names', 5, 'photorealistic,portrait', '"portrait" is not a type'],
    ['a duplicate type', undefined, 'photorealistic=1,photorealistic=2', 'names photorealistic twice'],
    ['an empty spec', 5, '', 'names no type'],
    ['a spec of only commas', 5, ' , ,', 'names no type'],
    ['an all-zero spec', undefined, 'photorealistic=0,bw_stylized=0', 'asks for 0 images'],
    ['a bad count in the spec', undefined, 'photorealistic=-1', 'whole number'],
    ['a spec above the per-job limit', undefined, 'photorealistic=1000,bw_stylized=1', 'at most 1000'],
    ['neither count nor spec', undefined, undefined, '--count N'],
    ['names without a count', undefined, 'photorealistic', '--count N'],
  ])('refuses %s', (_label, count, spec, text) => {
    expect(() => resolveTypeTargets({ count, spec, weights })).toThrow(invalidInput(text));
  });
});

describe('parseCountValue', () => {
  it.each(['0', '-1', '1.5', '1e9', 'abc', '', '1001', '0x10'])('refuses %j', (raw) => {
    expect(() => parseCountValue(raw, '--count')).toThrow(
      invalidInput('--count must be a whole number from 1 to 1000'),
    );
  });

  it.each([
    ['1', 1],
    ['1000', 1000],
    [' 42 ', 42],
  ])('accepts %j', (raw, value) => {
    expect(parseCountValue(raw, '--count')).toBe(value);
  });

  it('accepts 0 only when allowed', () => {
    expect(parseCountValue('0', '--types photorealistic', { allowZero: true })).toBe(0);
  });
});

describe('resolveTypeTargets split (property)', () => {
  const positiveWeight = fc.integer({ min: 1, max: 1000 });

  it('sums to the count and gives no type more than ceil(count * w / sum)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.record({ photorealistic: positiveWeight, bw_stylized: positiveWeight, color_stylized: positiveWeight }),
        (count, someWeights) => {
          const targets = resolveTypeTargets({ count, spec: undefined, weights: someWeights });
          const weightSum = someWeights.photorealistic + someWeights.bw_stylized + someWeights.color_stylized;
          expect(sumTargets(targets)).toBe(count);
          for (const type of IMAGE_TYPES) {
            const upper = Math.ceil((count * someWeights[type]) / weightSum);
            expect(targets[type]).toBeLessThanOrEqual(upper);
            expect(targets[type]).toBeGreaterThanOrEqual(upper - 1);
          }
        },
      ),
    );
  });

  it('gives nothing to types left out of a names-only spec', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.subarray([...IMAGE_TYPES], { minLength: 1 }),
        (count, chosen) => {
          const targets = resolveTypeTargets({ count, spec: chosen.join(','), weights });
          expect(sumTargets(targets)).toBe(count);
          for (const type of IMAGE_TYPES) {
            if (!chosen.includes(type)) expect(targets[type]).toBe(0);
          }
        },
      ),
    );
  });
});
