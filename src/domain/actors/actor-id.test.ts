import { describe, expect, it } from 'vitest';
import { ACTOR_ID_MAX_LENGTH, manifestFileName, manifestPrefix, parseActorId } from './actor-id.js';

describe('parseActorId', () => {
  it.each(['0001_european_20_female', 'luna', '0001', 'a', 'a'.repeat(ACTOR_ID_MAX_LENGTH)])('accepts %j', (raw) => {
    expect(parseActorId(raw)).toBe(raw);
  });

  it.each([
    ['a path escape', '../x'],
    ['a slash', 'a/b'],
    ['an empty id', ''],
    ['65 characters', 'a'.repeat(65)],
    ['200 characters', 'a'.repeat(200)],
    ['unicode', 'émile'],
    ['uppercase', 'Luna'],
    ['a space', 'luna star'],
    ['a leading underscore', '_luna'],
    ['a dash', 'luna-star'],
  ])('refuses %s with INVALID_ACTOR_ID and says what is allowed', (_label, raw) => {
    expect(() => parseActorId(raw)).toThrow(
      expect.objectContaining({
        code: 'INVALID_ACTOR_ID',
        message: expect.stringContaining('lowercase letters, digits and underscores'),
      }),
    );
  });

  it('quotes the refused id and gives an example of a good one', () => {
    expect(() => parseActorId('../x')).toThrow(
      'Actor id "../x" is invalid: use 1-64 lowercase letters, digits and underscores',
    );
    expect(() => parseActorId('../x')).toThrow('(e.g. 0001_european_20_female)');
  });

  it('shortens a very long id in the message instead of echoing it whole', () => {
    const raw = 'x'.repeat(500);
    let message = '';
    try {
      parseActorId(raw);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('500 characters long');
    expect(message).not.toContain(raw);
    expect(message.length).toBeLessThan(300);
  });
});

describe('manifestPrefix', () => {
  it.each([
    ['0001_european_20_female', '0001'],
    ['luna', 'luna'],
    ['0001', '0001'],
    ['12abc', '12abc'],
    ['42_luna', '42'],
    ['luna_0001', 'luna_0001'],
  ])('%s -> %s', (raw, prefix) => {
    expect(manifestPrefix(parseActorId(raw))).toBe(prefix);
  });
});

describe('manifestFileName', () => {
  it('names the file after the prefix, as the seed does (0001_manifest.json)', () => {
    expect(manifestFileName(parseActorId('0001_european_20_female'))).toBe('0001_manifest.json');
    expect(manifestFileName(parseActorId('luna'))).toBe('luna_manifest.json');
  });
});
