import { describe, expect, it } from 'vitest';
import { formatLocalTime } from './local-time.js';

describe('formatLocalTime', () => {
  it("shows a stored UTC time in the process's zone, with the offset", () => {
    const previous = process.env.TZ;
    try {
      process.env.TZ = 'Asia/Kolkata';
      expect(formatLocalTime('2026-12-06T00:30:09.000Z')).toBe('2026-12-06 06:00:09 +05:30');
      process.env.TZ = 'America/New_York';
      expect(formatLocalTime('2026-12-06T00:30:09.000Z')).toBe('2026-12-05 19:30:09 -05:00');
      process.env.TZ = 'UTC';
      expect(formatLocalTime('2026-12-06T00:30:09.000Z')).toBe('2026-12-06 00:30:09 +00:00');
    } finally {
      process.env.TZ = previous;
    }
  });

  it('leaves what is not a time alone', () => {
    expect(formatLocalTime('not a time')).toBe('not a time');
  });
});
