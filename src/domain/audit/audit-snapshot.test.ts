import { describe, expect, it } from 'vitest';
import { isSoundCopy } from './audit-snapshot.js';

describe('isSoundCopy', () => {
  const row = { sizeBytes: 300, sha256: 'ab'.repeat(32) };

  it.each([
    ['the same size and hash', { sizeBytes: 300, sha256: 'ab'.repeat(32) }, true],
    ['another size', { sizeBytes: 299, sha256: 'ab'.repeat(32) }, false],
    ['another hash of the same size', { sizeBytes: 300, sha256: 'cd'.repeat(32) }, false],
    ['no copy at all', undefined, false],
  ])('a copy with %s is %s', (_, copy, expected) => {
    expect(isSoundCopy(copy, row)).toBe(expected);
  });
});
