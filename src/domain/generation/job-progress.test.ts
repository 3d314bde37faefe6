import { describe, expect, it } from 'vitest';
import type { Attempt, AttemptStatus } from './attempt.js';
import { progressOf } from './job-progress.js';

let nextNumber = 1;

function attempt(status: AttemptStatus, costMicroUsd: number): Attempt {
  const number = nextNumber++;
  return {
    id: `att_${number}`,
    jobId: 'job_1',
    number,
    status,
    promptId: 'photo-a',
    prompt: 'A photo of the woman.',
    type: 'photorealistic',
    seed: number,
    providerRunId: status === 'pending' ? null : `run_${number}`,
    outputUrl: null,
    failureClass: status === 'failed' ? 'transient' : null,
    failureCode: status === 'failed' ? 'PA' : null,
    message: null,
    costMicroUsd,
    imageId: status === 'succeeded' ? `img_${number}` : null,
    startedAt: '2025-10-17T16:55:00.000Z',
    endedAt: null,
  };
}

describe('progressOf', () => {
  it('is all zeros for no attempts', () => {
    expect(progressOf([])).toEqual({
      currentAttempt: 0,
      completedImages: 0,
      finishedAttempts: 0,
      successRatePermille: 0,
      spendMicroUsd: 0,
      spendSplit: { keptMicroUsd: 0, sparesMicroUsd: 0, discardedMicroUsd: 0 },
    });
  });

  it('counts started, completed and finished attempts, and sums their costs', () => {
    const attempts = [
      attempt('succeeded', 40_000),
      attempt('failed', 40_000),
      attempt('succeeded', 40_000),
      attempt('canceled', 0),
      attempt('running', 0),
      attempt('pending', 0),
      attempt('storing', 40_000),
    ];
    expect(progressOf(attempts)).toEqual({
      currentAttempt: 7,
      completedImages: 2,
      finishedAttempts: 3,
      successRatePermille: 667,
      spendMicroUsd: 160_000,
      // The storing success is being kept; the failed one was billed and its output lost.
      spendSplit: { keptMicroUsd: 120_000, sparesMicroUsd: 0, discardedMicroUsd: 40_000 },
    });
  });

  it('leaves unpaid canceled and in-flight attempts out of the success rate', () => {
    const progress = progressOf([
      attempt('succeeded', 1),
      attempt('failed', 0),
      attempt('canceled', 0),
      attempt('canceled', 0),
      attempt('running', 1),
    ]);
    expect(progress.finishedAttempts).toBe(2);
    expect(progress.successRatePermille).toBe(500);
  });

  it('counts every paid attempt: a spare that succeeded after the last image is a finished success, not kept', () => {
    const progress = progressOf([
      attempt('succeeded', 40_000),
      attempt('failed', 0),
      attempt('succeeded', 40_000),
      attempt('canceled', 40_000),
    ]);
    expect(progress).toMatchObject({ completedImages: 2, finishedAttempts: 4, spendMicroUsd: 120_000 });
    expect(progress.successRatePermille).toBe(750);
  });

  it('reads any iterable, once', () => {
    function* rows(): Generator<Attempt> {
      yield attempt('failed', 40_000);
      yield attempt('failed', 40_000);
      yield attempt('succeeded', 40_000);
    }
    expect(progressOf(rows())).toMatchObject({
      currentAttempt: 3,
      completedImages: 1,
      successRatePermille: 333,
      spendMicroUsd: 120_000,
    });
  });
});
