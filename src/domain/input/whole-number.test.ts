import { describe, expect, it } from 'vitest';
import { requireUsd, requireWholeNumber } from './whole-number.js';

describe('requireWholeNumber', () => {
  it.each<[number | string, number]>([
    [5, 5],
    ['5', 5],
    ['  7 ', 7],
    ['007', 7],
    [1, 1],
    [10, 10],
    ['10', 10],
  ])('accepts %j within 1..10', (value, parsed) => {
    expect(requireWholeNumber(value, '--count', 1, 10)).toBe(parsed);
  });

  it('accepts negative numbers when the range allows them', () => {
    expect(requireWholeNumber('-3', '--offset', -5, 5)).toBe(-3);
    expect(requireWholeNumber(-5, '--offset', -5, 5)).toBe(-5);
  });

  it.each<[number | string]>([
    [0],
    [11],
    ['0'],
    ['11'],
    [1.5],
    ['1.5'],
    ['1e1'],
    ['0x5'],
    ['+5'],
    ['abc'],
    [''],
    ['   '],
    [Number.NaN],
    [Number.POSITIVE_INFINITY],
  ])('refuses %j with INVALID_INPUT', (value) => {
    expect(() => requireWholeNumber(value, '--count', 1, 10)).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
  });

  it('refuses integers past the safe range instead of rounding them', () => {
    expect(() => requireWholeNumber('99999999999999999999', '--count', 1, Number.MAX_VALUE)).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
  });

  it('names the option, the range and what was given', () => {
    expect(() => requireWholeNumber(' 1.5 ', '--concurrency', 1, 16)).toThrow(
      '--concurrency must be a whole number from 1 to 16, got "1.5".',
    );
  });
});

describe('requireUsd', () => {
  it.each<[number | string, number]>([
    [0.04, 0.04],
    ['0.04', 0.04],
    ['$1.50', 1.5],
    [' $2 ', 2],
    ['100', 100],
    [100, 100],
  ])('accepts %j up to $100', (value, parsed) => {
    expect(requireUsd(value, '--max-cost', 100)).toBe(parsed);
  });

  it.each<[number | string]>([
    [0],
    ['0'],
    ['0.00'],
    [-1],
    ['-1'],
    [100.01],
    ['100.01'],
    ['1.'],
    ['1e2'],
    ['$ 2'],
    ['abc'],
    [''],
    [Number.NaN],
    [Number.POSITIVE_INFINITY],
  ])('refuses %j with INVALID_INPUT', (value) => {
    expect(() => requireUsd(value, '--max-cost', 100)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });

  it('names the option, the limit and what was given', () => {
    expect(() => requireUsd('-2', '--max-cost', 50)).toThrow(
      '--max-cost must be an amount of dollars above 0 and at most 50, got "-2".',
    );
  });
});
