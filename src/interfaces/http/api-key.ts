import { timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { errorBody } from './error-handler.js';

export const API_KEY_COOKIE = 'troupe_api_key';

/**
 * Requires the key on every /api request when one is configured: `Authorization: Bearer <key>` for API clients, the
 * `troupe_api_key` cookie for the browser (image tags and EventSource cannot send headers), or `?access_token=<key>`.
 * Compared in constant time.
 */
export function requireApiKey(key: string): MiddlewareHandler {
  const expected = Buffer.from(key);
  return async (c, next) => {
    const header = c.req.header('authorization');
    const given = header?.startsWith('Bearer ')
      ? header.slice('Bearer '.length)
      : (getCookie(c, API_KEY_COOKIE) ?? c.req.query('access_token') ?? '');
    const actual = Buffer.from(given);
    const isValid = actual.length === expected.length && timingSafeEqual(actual, expected);
    if (!isValid) {
      return c.json(
        errorBody(
          'UNAUTHORIZED',
          'This server requires its API key (TROUPE_API_KEY): send it as "Authorization: Bearer <key>", or enter it in the web page.',
        ),
        401,
      );
    }
    await next();
  };
}
