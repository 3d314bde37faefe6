import { describe, expect, it } from 'vitest';
import type { Attempt, AttemptStatus } from './attempt.js';
import { OUTPUT_EXPIRED, paidEnding, paidLedger, spendSplitOf } from './paid-ledger.js';

type Row = Pick<Attempt, 'status' | 'providerRunId' | 'costMicroUsd' | 'failureCode'>;

function row(status: AttemptStatus, costMicroUsd: number, extra: Partial<Row> = {}): Row {
  return { status, costMicroUsd, providerRunId: 'run', failureCode: null, ...extra };
}

describe('paidEnding', () => {
  it.each([
    ['a kept image', row('succeeded', 40_000), 'kept'],
    ['a spare the fast mode did not keep', row('canceled', 40_000), 'spare'],
    ['an output broken after every download', row('failed', 40_000, { failureCode: 'BAD_OUTPUT' }), 'discarded'],
    ['an expired output', row('failed', 40_000, { failureCode: OUTPUT_EXPIRED }), 'expired'],
    ['a run that failed', row('failed', 0, { failureCode: 'E005' }), 'provider_failure'],
    ['a run canceled before it produced anything', row('canceled', 0), 'provider_failure'],
    ['a run still going', row('running', 0), 'open'],
    ['a success being kept', row('storing', 40_000), 'open'],
  ] as const)('names %s', (_name, attempt, ending) => {
    expect(paidEnding(attempt)).toBe(ending);
  });

  it('counts no prediction for a create that never made one', () => {
    expect(paidEnding(row('failed', 0, { providerRunId: null }))).toBeUndefined();
    expect(paidEnding(row('pending', 0, { providerRunId: null }))).toBeUndefined();
  });
});

describe('paidLedger', () => {
  it('puts every prediction in exactly one ending and lists the paid ones that left no image', () => {
    const ledger = paidLedger([
      row('succeeded', 40_000, { providerRunId: 'a' }),
      row('succeeded', 40_000, { providerRunId: 'b' }),
      row('canceled', 40_000, { providerRunId: 'c' }),
      row('failed', 40_000, { providerRunId: 'd', failureCode: OUTPUT_EXPIRED }),
      row('failed', 0, { providerRunId: 'e', failureCode: 'PA' }),
      row('failed', 0, { providerRunId: null, failureCode: 'HTTP_500' }),
    ]);
    expect(ledger).toMatchObject({
      predictions: 5,
      kept: 2,
      spares: 1,
      discarded: 0,
      expired: 1,
      providerFailures: 1,
      open: 0,
      paid: 4,
    });
    expect(ledger.paidWithoutImage).toEqual([
      { runId: 'c', ending: 'spare' },
      { runId: 'd', ending: 'expired' },
    ]);
    expect(ledger.kept + ledger.spares + ledger.discarded + ledger.expired + ledger.providerFailures).toBe(5);
  });
});

describe('spendSplitOf', () => {
  it('splits spend into kept, spares and discarded, adding up to the whole', () => {
    const rows = [
      row('succeeded', 40_000),
      row('canceled', 40_000),
      row('failed', 40_000, { failureCode: 'BAD_OUTPUT' }),
      row('failed', 40_000, { failureCode: OUTPUT_EXPIRED }),
      row('failed', 0),
    ];
    expect(spendSplitOf(rows)).toEqual({ keptMicroUsd: 40_000, sparesMicroUsd: 40_000, discardedMicroUsd: 80_000 });
  });
});
