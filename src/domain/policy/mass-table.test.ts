import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MassTable } from './mass-table.js';

describe('MassTable', () => {
  it('sums mass per state like a Map, through growth', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.integer({ min: 0, max: 50 }),
            fc.integer({ min: 0, max: 500 }),
            fc.double({ min: 0, max: 1, noNaN: true }),
          ),
          { maxLength: 400 },
        ),
        (entries) => {
          const table = new MassTable(1);
          const expected = new Map<string, number>();
          for (const [missing, used, mass] of entries) {
            table.add(missing, used, mass);
            expected.set(`${missing},${used}`, (expected.get(`${missing},${used}`) ?? 0) + mass);
          }
          const actual = new Map<string, number>();
          table.forEach((missing, used, mass) => actual.set(`${missing},${used}`, mass));
          expect(table.size).toBe(expected.size);
          for (const [key, mass] of expected) expect(actual.get(key)).toBeCloseTo(mass, 12);
        },
      ),
    );
  });
});
