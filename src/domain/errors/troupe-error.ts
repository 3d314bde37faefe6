/**
 * Every error Troupe raises on purpose. Errors cross the queue, the database and the HTTP edge, so each carries a
 * stable string `code` (recognise errors by code, not only by `instanceof`) and whether retrying could help.
 * Messages are written for users: what happened, why, and what to do.
 */
export type ErrorCode =
  | 'INVALID_INPUT'
  | 'INVALID_ACTOR_ID'
  | 'ACTOR_EXISTS'
  | 'MANIFEST_CONFLICT'
  | 'NOT_FOUND'
  | 'INVALID_IMAGE'
  | 'INVALID_PROMPTS'
  | 'INVALID_CONFIG'
  | 'JOB_STATE'
  /** Another process holds the job's claim (or took it from this one). */
  | 'JOB_CLAIMED'
  /** A plan whose odds are below the early-stop threshold before it starts, not confirmed by the user. */
  | 'LOW_ODDS'
  | 'STORAGE'
  | 'PROVIDER';

export class TroupeError extends Error {
  readonly code: ErrorCode;
  readonly isRetryable: boolean;

  constructor(code: ErrorCode, message: string, options: { isRetryable?: boolean; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'TroupeError';
    this.code = code;
    this.isRetryable = options.isRetryable ?? false;
  }
}

/** Codes that mean "the user asked for something invalid": nothing was changed and the request must be corrected. */
const USAGE_CODES: ReadonlySet<ErrorCode> = new Set([
  'INVALID_INPUT',
  'INVALID_ACTOR_ID',
  'ACTOR_EXISTS',
  'MANIFEST_CONFLICT',
  'NOT_FOUND',
  'INVALID_IMAGE',
  'INVALID_PROMPTS',
  'INVALID_CONFIG',
  'LOW_ODDS',
]);

export function isUsageError(error: unknown): boolean {
  return isTroupeError(error) && USAGE_CODES.has(error.code);
}

export function isTroupeError(error: unknown): error is TroupeError {
  return error instanceof TroupeError;
}

export function invalidInput(message: string): TroupeError {
  return new TroupeError('INVALID_INPUT', message);
}
