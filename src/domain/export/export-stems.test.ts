import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { endsInFourIntegers, exportStems } from './export-stems.js';
import { parseExportFormat } from './export-format.js';

describe('exportStems', () => {
  it('keeps plain stems and renames those sd-scripts would read as a face box', () => {
    expect(exportStems(['0001_european_20_female_12.jpg', 'a_1_2_3_4.png'])).toEqual([
      '0001_european_20_female_12',
      'a_1_2_3_4_img',
    ]);
  });

  it('makes stems unique ignoring case', () => {
    expect(exportStems(['x_1.jpg', 'X_1.png', 'x_1.webp'])).toEqual(['x_1', 'X_1_v2', 'x_1_v3']);
  });

  it('never returns duplicates or four trailing integers (random names)', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z0-9_ .]{1,12}\.(jpg|png)$/), { maxLength: 40 }), (names) => {
        const stems = exportStems(names);
        expect(new Set(stems.map((s) => s.toLowerCase())).size).toBe(names.length);
        for (const stem of stems) {
          expect(endsInFourIntegers(stem)).toBe(false);
          expect(stem).toMatch(/^[A-Za-z0-9_-]+$/);
        }
      }),
    );
  });
});

describe('parseExportFormat', () => {
  it('knows the four formats and names them when refusing another', () => {
    expect(parseExportFormat('kohya').imageFolder({ repeats: 10, trigger: 'ohwx', captionClass: 'woman' })).toBe(
      'img/10_ohwx woman',
    );
    expect(() => parseExportFormat('toString')).toThrow('use one of kohya, ai-toolkit, replicate, jsonl');
  });
});
