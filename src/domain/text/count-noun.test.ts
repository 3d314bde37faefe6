import { describe, expect, it } from 'vitest';
import { countOf } from './count-noun.js';

describe('countOf', () => {
  it('is singular for exactly one, plural otherwise', () => {
    expect(countOf(1, 'image')).toBe('1 image');
    expect(countOf(0, 'image')).toBe('0 images');
    expect(countOf(2, 'attempt')).toBe('2 attempts');
    expect(countOf(1, 'copy', 'copies')).toBe('1 copy');
    expect(countOf(3, 'copy', 'copies')).toBe('3 copies');
  });
});
