import { describe, expect, it } from 'vitest';
import { normalizeS3Prefix } from './s3-settings.js';

describe('normalizeS3Prefix', () => {
  it('makes the prefix a folder, or nothing', () => {
    expect(normalizeS3Prefix(undefined)).toBe('');
    expect(normalizeS3Prefix('')).toBe('');
    expect(normalizeS3Prefix('/')).toBe('');
    expect(normalizeS3Prefix('troupe')).toBe('troupe/');
    expect(normalizeS3Prefix('troupe/prod//')).toBe('troupe/prod/');
  });

  it('refuses a prefix that climbs or is absolute', () => {
    for (const prefix of ['../other', 'a/../../b', '/abs']) {
      expect(() => normalizeS3Prefix(prefix)).toThrow(/Refusing storage key/);
    }
  });
});
