import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { afterAccepted, afterThrottled, initialPace, paceSettings, takeToken, type PaceState } from './aimd-pace.js';

const settings = paceSettings(600, 1);

/** Takes `count` tokens in order from `startMs`, waiting as told; returns when each went out. */
function schedule(state: PaceState, startMs: number, count: number): { times: number[]; state: PaceState } {
  const times: number[] = [];
  let now = startMs;
  let current = state;
  while (times.length < count) {
    const taken = takeToken(current, settings, now);
    current = taken.state;
    if (taken.waitMs === 0) times.push(now);
    else now += taken.waitMs;
  }
  return { times, state: current };
}

describe('AIMD pace', () => {
  it('paces at the configured rate after the burst', () => {
    const { times } = schedule(initialPace(settings, 0), 0, 3);
    expect(times).toEqual([0, 100, 200]);
  });

  it('on a 429 pauses for the Retry-After, then halves the rate', () => {
    const throttled = afterThrottled(initialPace(settings, 0), settings, 5_000, 0);
    expect(throttled.ratePerMinute).toBe(300);
    const { times } = schedule(throttled, 0, 2);
    expect(times[0]).toBeGreaterThanOrEqual(5_000);
    expect(times[1]! - times[0]!).toBe(200);
  });

  it('recovers additively as creates are accepted, up to the configured rate and no further', () => {
    let state = afterThrottled(initialPace(settings, 0), settings, 0, 0);
    state = afterThrottled(state, settings, 0, 0);
    expect(state.ratePerMinute).toBe(150);
    const rates: number[] = [];
    for (let i = 0; i < 12; i += 1) {
      state = afterAccepted(state, settings);
      rates.push(state.ratePerMinute);
    }
    expect(rates.slice(0, 3)).toEqual([210, 270, 330]);
    expect(rates.at(-1)).toBe(600);
  });

  it('never paces slower than one call per Retry-After, however many 429s come in a row', () => {
    let state = initialPace(settings, 0);
    for (let i = 0; i < 50; i += 1) state = afterThrottled(state, settings, 2_000, i * 2_000);
    expect(state.ratePerMinute).toBe(30);
  });

  it('keeps every gap under a 429 storm (every second create throttled) within twice the Retry-After', () => {
    // The storm of the engine-promises issue: the old pace halved on each 429 and won back 10% per accept, so the
    // gaps grew 1, 2, 3, 6, 10, 19, 34 s. AIMD with the Retry-After floor keeps them flat.
    const storm = paceSettings(600);
    let state = initialPace(storm, 0);
    let now = 0;
    const accepted: number[] = [];
    for (let call = 1; accepted.length < 10;) {
      const taken = takeToken(state, storm, now);
      state = taken.state;
      if (taken.waitMs > 0) {
        now += taken.waitMs;
        continue;
      }
      call += 1;
      if (call % 2 === 1) state = afterThrottled(state, storm, 1_000, now);
      else {
        state = afterAccepted(state, storm);
        accepted.push(now);
      }
    }
    const gaps = accepted.slice(1).map((t, i) => t - accepted[i]!);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(2_000);
    expect(accepted.at(-1)! - accepted[0]!).toBeLessThanOrEqual(9 * 2_000);
  });

  it('keeps the rate within [floor, configured] under any sequence of 429s and accepts', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant(-1), fc.integer({ min: 0, max: 120_000 })), { maxLength: 200 }),
        (events) => {
          let state = initialPace(settings, 0);
          let now = 0;
          for (const event of events) {
            now += 1_000;
            state = event < 0 ? afterAccepted(state, settings) : afterThrottled(state, settings, event, now);
            const floor = event > 0 ? Math.min(600, Math.max(1, 60_000 / event)) : settings.minPerMinute;
            expect(state.ratePerMinute).toBeLessThanOrEqual(600);
            expect(state.ratePerMinute).toBeGreaterThanOrEqual(Math.min(floor, 600) - 1e-9);
          }
        },
      ),
    );
  });
});
