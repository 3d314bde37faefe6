import { describe, expect, it } from 'vitest';
import { lowOddsReason } from './start-check.js';

const base = {
  threshold: 0.01,
  requestedImages: 10,
  estimate: { alpha: 850, beta: 150 },
  maxAttempts: 17,
  costCapMicroUsd: null,
  priceMicroUsd: 40_000,
};

describe('lowOddsReason', () => {
  it('says nothing when the odds are at or above the threshold, or the check is off', () => {
    expect(lowOddsReason({ ...base, pReachN: 0.99 })).toBeUndefined();
    expect(lowOddsReason({ ...base, pReachN: 0.01 })).toBeUndefined();
    expect(lowOddsReason({ ...base, pReachN: 0, threshold: 0 })).toBeUndefined();
  });

  it('names the cost cap to raise and to what, when the cap is what holds the job back', () => {
    const reason = lowOddsReason({ ...base, pReachN: 0, costCapMicroUsd: 200_000 });
    expect(reason).toMatch(/^The odds of reaching 10 images are 0\.00%, below the early-stop threshold of 1\.00%/);
    expect(reason).toMatch(/raise --cost-cap from \$0\.20 \(5 attempts\) to at least \$\d+\.\d\d \(\d+ attempts\)/);
    expect(reason).not.toContain('--max-attempts');
  });

  it('names --max-attempts when the attempt cap is too low', () => {
    const reason = lowOddsReason({ ...base, estimate: { alpha: 300, beta: 700 }, maxAttempts: 12, pReachN: 0.0001 });
    expect(reason).toMatch(/raise --max-attempts to at least \d+/);
  });

  it('blames the provider when no budget could reach the target (a broken provider)', () => {
    const reason = lowOddsReason({ ...base, estimate: { alpha: 1, beta: 999 }, maxAttempts: 70, pReachN: 0 });
    expect(reason).toMatch(/no budget reaches the target\. Check the provider \(troupe doctor\)/);
  });

  it('says "1 image", not "1 images"', () => {
    expect(lowOddsReason({ ...base, requestedImages: 1, estimate: { alpha: 1, beta: 999 }, pReachN: 0 })).toContain(
      'reaching 1 image are',
    );
  });
});
