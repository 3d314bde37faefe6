import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { isTroupeError, type ErrorCode } from '../../domain/errors/troupe-error.js';

/** The only place that knows HTTP status numbers for Troupe's error codes. */
const STATUS_BY_CODE: Readonly<Record<ErrorCode, ContentfulStatusCode>> = {
  INVALID_INPUT: 400,
  INVALID_ACTOR_ID: 400,
  INVALID_IMAGE: 400,
  INVALID_PROMPTS: 400,
  INVALID_CONFIG: 400,
  NOT_FOUND: 404,
  ACTOR_EXISTS: 409,
  MANIFEST_CONFLICT: 409,
  JOB_STATE: 409,
  JOB_CLAIMED: 409,
  LOW_ODDS: 422,
  PROVIDER: 502,
  STORAGE: 500,
};

export function errorBody(code: string, message: string) {
  return { error: { code, message } };
}

/** Hono's own rejections of a request it cannot parse: the client's mistake, said in the client's terms. */
const HTTP_EXCEPTIONS: Readonly<Record<number, { code: string; message: string }>> = {
  400: {
    code: 'INVALID_INPUT',
    message: 'The request body could not be parsed: send valid JSON (or multipart form data for uploads).',
  },
  415: {
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: 'Unsupported Content-Type: send application/json (multipart/form-data for uploads).',
  },
};

/** Hono's onError: known errors keep their message; anything else is logged and hidden behind a generic one. */
export function handleError(error: Error, c: Context, log: (error: Error) => void) {
  if (isTroupeError(error)) return c.json(errorBody(error.code, error.message), STATUS_BY_CODE[error.code]);
  if (error instanceof HTTPException && error.status < 500) {
    const known = HTTP_EXCEPTIONS[error.status] ?? { code: 'INVALID_INPUT', message: error.message };
    return c.json(errorBody(known.code, known.message), error.status as ContentfulStatusCode);
  }
  const status = (error as { status?: number }).status;
  if (status === 413) return c.json(errorBody('PAYLOAD_TOO_LARGE', 'The upload is too large.'), 413);
  log(error);
  return c.json(errorBody('INTERNAL', 'Something went wrong on the server; the details are in its log.'), 500);
}
