import type { Hook } from '@hono/zod-openapi';
import type { Env } from 'hono';
import { errorBody } from './error-handler.js';

/** A body or query that fails its schema is a 400 that names the field and says what was expected. */
export const validationHook: Hook<unknown, Env, string, unknown> = (result, c) => {
  if (result.success) return undefined;
  const problems = result.error.issues.map((issue) => {
    const field = issue.path.join('.') || 'body';
    return `${field}: ${issue.message}`;
  });
  return c.json(errorBody('INVALID_INPUT', `Invalid request: ${problems.join('; ')}.`), 400);
};
