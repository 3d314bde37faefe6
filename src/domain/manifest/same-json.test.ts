import { describe, expect, it } from 'vitest';
import { isSameJson } from './same-json.js';

describe('isSameJson', () => {
  it.each([
    [{ a: 1, b: [1, { c: 'x' }] }, { b: [1, { c: 'x' }], a: 1 }, true],
    [{ a: 1 }, { a: 1, b: 2 }, false],
    [{ a: [1, 2] }, { a: [2, 1] }, false],
    [{ a: null }, { a: null }, true],
    [{ a: null }, { a: {} }, false],
    [[1], { 0: 1 }, false],
    ['1', 1, false],
    [{ a: undefined, b: 1 }, { b: 1 }, true],
  ])('%j vs %j: %s', (a, b, expected) => {
    expect(isSameJson(a, b)).toBe(expected);
  });
});
