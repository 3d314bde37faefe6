import { describe, expect, it } from 'vitest';
import { isPartial, outcomeLabel, outcomeStatus } from './job-outcome.js';

describe('job outcomes', () => {
  it('a job that stopped with no image kept has failed; with some it completed', () => {
    expect(outcomeStatus('completed', 0)).toBe('failed');
    expect(outcomeStatus('completed', 1)).toBe('completed');
    expect(outcomeStatus('canceled', 0)).toBe('canceled');
    expect(outcomeStatus('failed', 3)).toBe('failed');
  });

  it('is partial only when completed with fewer images than asked', () => {
    expect(isPartial({ status: 'completed', completedImages: 3, requestedImages: 5 })).toBe(true);
    expect(isPartial({ status: 'completed', completedImages: 5, requestedImages: 5 })).toBe(false);
    expect(isPartial({ status: 'canceled', completedImages: 3, requestedImages: 5 })).toBe(false);
    expect(isPartial({ status: 'processing', completedImages: 3, requestedImages: 5 })).toBe(false);
  });

  it('labels a partial set "partial: 3/5" and everything else by its status', () => {
    expect(outcomeLabel({ status: 'completed', completedImages: 3, requestedImages: 5 })).toBe('partial: 3/5');
    expect(outcomeLabel({ status: 'completed', completedImages: 5, requestedImages: 5 })).toBe('completed');
    expect(outcomeLabel({ status: 'failed', completedImages: 0, requestedImages: 5 })).toBe('failed');
  });
});
