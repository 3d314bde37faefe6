import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatUsd, usdToMicro } from './micro-usd.js';

describe('usdToMicro', () => {
  it.each([
    [0.04, 40_000],
    [0, 0],
    [1, 1_000_000],
    [0.07, 70_000],
    [0.003, 3_000],
    [12.34, 12_340_000],
  ])('$%d -> %i micro-dollars', (usd, micro) => {
    expect(usdToMicro(usd)).toBe(micro);
  });

  it('converts every whole number of cents exactly, despite float representation', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), (cents) => {
        expect(usdToMicro(cents / 100)).toBe(cents * 10_000);
      }),
    );
  });
});

describe('formatUsd', () => {
  it.each([
    [40_000, '$0.04'],
    [0, '$0.00'],
    [1_000_000, '$1.00'],
    [2_500_000, '$2.50'],
    [5_000, '$0.0050'],
    [12_345, '$0.012345'],
    [1_234_567, '$1.234567'],
    [1_230_100, '$1.2301'],
    [40, '$0.000040'],
    [-40_000, '-$0.04'],
  ])('%i -> %s', (micro, text) => {
    expect(formatUsd(micro)).toBe(text);
  });
});
