import { describe, expect, it } from 'vitest';
import { retryAfterMs } from './retry-after.js';

const now = Date.parse('2026-01-01T00:00:00Z');

describe('retryAfterMs', () => {
  it.each([
    ['a Retry-After header in seconds', { header: '7', body: undefined }, 7_000],
    ['a fractional header', { header: '1.5', body: undefined }, 1_500],
    ['an HTTP-date header', { header: 'Thu, 01 Jan 2026 00:00:30 GMT', body: undefined }, 30_000],
    ['a retry_after field', { header: null, body: { retry_after: 12 } }, 12_000],
    [
      '"resets in ~30s" in the detail',
      { header: null, body: { detail: 'Request was throttled. Your rate limit resets in ~30s.' } },
      30_000,
    ],
    [
      '"available in 1 second" in the detail',
      { header: null, body: { detail: 'Request was throttled. Expected available in 1 second.' } },
      1_000,
    ],
    ['minutes in the detail', { header: null, body: { detail: 'resets in ~2m' } }, 120_000],
    ['the header before the body', { header: '3', body: { retry_after: 99 } }, 3_000],
  ])('reads %s', (_name, input, expected) => {
    expect(retryAfterMs({ ...input, nowMs: now })).toBe(expected);
  });

  it.each([
    ['nothing', { header: null, body: undefined }],
    ['an empty header and a body without a hint', { header: '', body: { detail: 'Too many requests' } }],
    ['a garbage header', { header: 'soon', body: null }],
  ])('says nothing for %s', (_name, input) => {
    expect(retryAfterMs({ ...input, nowMs: now })).toBeUndefined();
  });
});
