import { describe, expect, it } from 'vitest';
import { FAULT_CASES, runFaultCase } from '../support/fault-run.js';

const IMAGES = 10;

/**
 * The paid-success fault suite: for each fault the fake Replicate can inject, a job keeps its N images, pays for no
 * success it then throws away (thrifty: none; fast: only its spares, said so), creates nothing twice, and its spend
 * equals the fake's bill to the micro-dollar. `npm run bench:faults` prints the same cases as a table.
 */
describe('paid successes under faults (fake Replicate over real HTTP)', () => {
  it.each(FAULT_CASES.map((fault) => [`${fault.name} (${fault.mode})`, fault] as const))(
    '%s: keeps N images, discards no paid success, creates nothing twice, spend = bill',
    async (_name, fault) => {
      const row = await runFaultCase(fault, 1, IMAGES);
      expect(row.kept).toBe(IMAGES);
      expect(row.discarded).toBe(0);
      if (fault.mode === 'thrifty') expect(row.spares).toBe(0);
      expect(row.createdTwice).toBe(0);
      expect(row.spendMicroUsd).toBe(row.billedMicroUsd);
      expect(row.isLedgerBalanced).toBe(true);
      expect(row.isSetConsistent).toBe(true);
    },
    180_000,
  );
});
