import { describe, expect, it } from 'vitest';
import { spendSplit } from './spend-split.js';

describe('spendSplit', () => {
  it('splits spend into kept images, paid spares and anything else billed', () => {
    expect(
      spendSplit([
        { status: 'succeeded', costMicroUsd: 40_000 },
        { status: 'succeeded', costMicroUsd: 40_000 },
        { status: 'canceled', costMicroUsd: 40_000 },
        { status: 'canceled', costMicroUsd: 0 },
        { status: 'failed', costMicroUsd: 0 },
        { status: 'failed', costMicroUsd: 40_000 },
      ]),
    ).toEqual({ keptImages: 2, keptMicroUsd: 80_000, spares: 1, sparesMicroUsd: 40_000, otherMicroUsd: 40_000 });
  });
});
