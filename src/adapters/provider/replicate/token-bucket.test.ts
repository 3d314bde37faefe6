import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../../test/fakes/fake-clock.js';
import { TokenBucket } from './token-bucket.js';

async function takeTimes(clock: FakeClock, bucket: TokenBucket, count: number): Promise<number[]> {
  const times: number[] = [];
  const all = Array.from({ length: count }, () => bucket.take().then(() => times.push(clock.now())));
  await clock.runUntil(Promise.all(all));
  return times;
}

describe('TokenBucket', () => {
  it('lets a burst through at once, then paces at the configured rate', async () => {
    const clock = new FakeClock(0);
    const bucket = new TokenBucket(clock, 6, 1);
    const times = await takeTimes(clock, bucket, 4);
    expect(times).toEqual([0, 10_000, 20_000, 30_000]);
  });

  it('pauses everyone for as long as a 429 asks, and halves the pace', async () => {
    const clock = new FakeClock(0);
    const bucket = new TokenBucket(clock, 600, 5);
    bucket.throttled(30_000);
    expect(bucket.pacePerMinute()).toBe(300);
    const times = await takeTimes(clock, bucket, 2);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(30_000);
  });

  it('wins the pace back additively as calls are accepted, never above the configured rate', () => {
    const bucket = new TokenBucket(new FakeClock(0), 600);
    bucket.throttled(0);
    for (let i = 0; i < 3; i += 1) bucket.accepted();
    expect(bucket.pacePerMinute()).toBe(480);
    for (let i = 0; i < 100; i += 1) bucket.accepted();
    expect(bucket.pacePerMinute()).toBe(600);
  });

  it('under a storm of 429s asking 1 s each, never waits more than a few seconds between calls', async () => {
    const clock = new FakeClock(0);
    const bucket = new TokenBucket(clock, 600);
    const times: number[] = [];
    const calls = (async () => {
      for (let call = 1; times.length < 10; call += 1) {
        await bucket.take();
        if (call % 2 === 0) bucket.throttled(1_000);
        else {
          bucket.accepted();
          times.push(clock.now());
        }
      }
    })();
    await clock.runUntil(calls);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(2_000);
  });
});
