import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseActorId } from '../actors/actor-id.js';
import { parseImageNumber } from './file-numbering.js';
import { assignImportNames, isImageFileName, originalsFirst } from './import-naming.js';

const ACTOR = parseActorId('0001_european_20_female');
const NONE = { numbers: [], fileNames: [], floor: 0 };

describe('assignImportNames', () => {
  it('keeps every seed name pattern and its number when nothing collides', () => {
    const names = ['0001_european_20_female_12.png', 'actor_0001_td_05.jpg', '0001_15.jpg', 'X_3.JPG'];
    expect(assignImportNames(ACTOR, names, NONE)).toEqual([
      { sourceName: '0001_european_20_female_12.png', fileName: '0001_european_20_female_12.png', number: 12 },
      { sourceName: 'actor_0001_td_05.jpg', fileName: 'actor_0001_td_05.jpg', number: 5 },
      { sourceName: '0001_15.jpg', fileName: '0001_15.jpg', number: 15 },
      { sourceName: 'X_3.JPG', fileName: 'X_3.JPG', number: 3 },
    ]);
  });

  it('gives fresh numbers above everything seen to files without a number or with a taken one, keeping their format', () => {
    const named = assignImportNames(ACTOR, ['a_4.jpg', 'portrait.png', 'b_4.jpeg', 'c_9.webp'], {
      numbers: [2],
      fileNames: [],
      floor: 7,
    });
    expect(named.map((n) => [n.fileName, n.number, n.renamedBecause])).toEqual([
      ['a_4.jpg', 4, undefined],
      [`${ACTOR}_10.png`, 10, 'its name carries no number'],
      [`${ACTOR}_11.jpg`, 11, 'number 4 is already taken'],
      ['c_9.webp', 9, undefined],
    ]);
  });

  it('respects numbers and names the actor already has, names case-insensitively', () => {
    const named = assignImportNames(ACTOR, ['x_3.jpg', 'y_8.jpg'], {
      numbers: [3, 20],
      fileNames: ['Y_8.JPG'],
      floor: 0,
    });
    expect(named.map((n) => [n.fileName, n.renamedBecause])).toEqual([
      [`${ACTOR}_21.jpg`, 'number 3 is already taken'],
      [`${ACTOR}_22.jpg`, 'the name is already taken'],
    ]);
  });

  it('renames a name that is unsafe as a file name', () => {
    const [named] = assignImportNames(ACTOR, ['.hidden_4.jpg'], NONE);
    expect(named).toMatchObject({ fileName: `${ACTOR}_5.jpg`, renamedBecause: 'its name is not a safe file name' });
  });

  it('never gives two files one number or one name, and every new name parses back to its number', () => {
    const name = fc.oneof(
      fc
        .tuple(
          fc.constantFrom('a', 'actor_0001_td', '0001'),
          fc.integer({ min: 0, max: 30 }),
          fc.constantFrom('.jpg', '.PNG', ' (1).jpg'),
        )
        .map(([stem, n, ext]) => `${stem}_${n}${ext}`),
      fc.constantFrom('portrait.jpg', 'b.png'),
    );
    fc.assert(
      fc.property(fc.uniqueArray(name), fc.uniqueArray(fc.integer({ min: 0, max: 40 })), (names, numbers) => {
        const named = assignImportNames(ACTOR, names, { numbers, fileNames: [], floor: 0 });
        const allNumbers = [...numbers, ...named.map((n) => n.number)];
        expect(new Set(allNumbers).size).toBe(allNumbers.length);
        expect(new Set(named.map((n) => n.fileName.toLowerCase())).size).toBe(named.length);
        for (const n of named) expect(parseImageNumber(n.fileName)).toBe(n.number);
      }),
    );
  });
});

describe('originalsFirst', () => {
  it('puts an original before its copies', () => {
    expect(['x_12 (1).jpg', 'x_12.jpg', 'x_12 copy.jpg', 'a_1.jpg'].sort(originalsFirst)).toEqual([
      'a_1.jpg',
      'x_12.jpg',
      'x_12 (1).jpg',
      'x_12 copy.jpg',
    ]);
  });
});

describe('isImageFileName', () => {
  it.each([
    ['a.jpg', true],
    ['X_3.JPG', true],
    ['a.jpeg', true],
    ['a.webp', true],
    ['a.png', true],
    ['notes.txt', false],
    ['a.jpg.txt', false],
    ['jpg', false],
  ])('%s -> %s', (name, expected) => {
    expect(isImageFileName(name)).toBe(expected);
  });
});
