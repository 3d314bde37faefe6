import { describe, expect, it } from 'vitest';
import { parseActorId } from '../actors/actor-id.js';
import { imageFileName, maxImageNumber, parseImageNumber } from './file-numbering.js';

describe('parseImageNumber', () => {
  it.each([
    ['0001_european_20_female_12.png', 12],
    ['actor_0001_td_05.jpg', 5],
    ['0001_15.jpg', 15],
    ['X_7.JPG', 7],
    ['x_8.Jpeg', 8],
    ['x_9.webp', 9],
    ['x-4.png', 4],
    ['x_12 (1).jpg', 12],
    ['x_12(2).jpg', 12],
    ['x_3 copy.jpg', 3],
    ['x_3 copy 2.jpg', 3],
    ['17.jpg', 17],
  ])('%s -> %i', (fileName, number) => {
    expect(parseImageNumber(fileName)).toBe(number);
  });

  it.each([
    'portrait.jpg',
    '0001_european_20_female.jpg',
    'notes_5.txt',
    'x_5.jpg.txt',
    'x_5',
    'x5.jpg',
    'x_1234567890.jpg',
  ])('%s -> undefined', (fileName) => {
    expect(parseImageNumber(fileName)).toBeUndefined();
  });
});

describe('parseImageNumber: Windows and macOS copy names', () => {
  it.each([
    ['x_12 - Copy.jpg', 12],
    ['x_12 - Copy (2).jpg', 12],
    ['x_12 copy (1).jpg', 12],
    ['x_12 copy 3.jpg', 12],
  ])('%s -> %i', (name, number) => {
    expect(parseImageNumber(name)).toBe(number);
  });
});

describe('maxImageNumber', () => {
  it('takes the largest number of a mixed folder listing, ignoring non-images and unnumbered files', () => {
    const listing = [
      '0001_european_20_female_12.png',
      'actor_0001_td_05.jpg',
      '0001_15.jpg',
      'notes_99.txt',
      'portrait.jpg',
      'x_14 (1).jpg',
      '.DS_Store',
    ];
    expect(maxImageNumber(listing)).toBe(15);
  });

  it('is 0 when no file carries a number', () => {
    expect(maxImageNumber([])).toBe(0);
    expect(maxImageNumber(['portrait.jpg', 'notes_3.txt'])).toBe(0);
  });

  it('accepts any iterable', () => {
    expect(maxImageNumber(new Set(['a_2.jpg', 'a_40.png']))).toBe(40);
  });
});

describe('imageFileName', () => {
  it('names new files {actor_id}_{n}.jpg, and the name parses back to n', () => {
    const name = imageFileName(parseActorId('0001_european_20_female'), 16);
    expect(name).toBe('0001_european_20_female_16.jpg');
    expect(parseImageNumber(name)).toBe(16);
  });
});
