import { TroupeError } from '../../../domain/errors/troupe-error.js';

/** What went wrong with an S3 call, in the terms a user can act on. */
export type S3Problem = 'unreachable' | 'server' | 'credentials' | 'bucket' | 'missing-object' | 'other';

/** Problems that say "S3 cannot be used right now" rather than "this request was wrong". */
const UNAVAILABLE: ReadonlySet<S3Problem> = new Set(['unreachable', 'server', 'credentials', 'bucket']);
const RETRYABLE: ReadonlySet<S3Problem> = new Set(['unreachable', 'server']);

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
]);
const CREDENTIAL_NAMES = new Set([
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'AccessDenied',
  'Forbidden',
  'ExpiredToken',
  'InvalidToken',
  'CredentialsProviderError',
]);

/** An S3 failure as Troupe reports it: code STORAGE, plus the classified problem for callers that decide on it. */
export class S3StorageError extends TroupeError {
  readonly problem: S3Problem;
  constructor(problem: S3Problem, message: string, cause: unknown) {
    super('STORAGE', message, { cause, isRetryable: RETRYABLE.has(problem) });
    this.problem = problem;
  }
}

/**
 * Sorts an SDK or network error. `isBucketRequest`: HEAD responses have no body, so a 404 on a bucket-level call is
 * the only sign that the bucket is missing.
 */
export function classifyS3Error(error: unknown, options: { isBucketRequest?: boolean } = {}): S3Problem {
  const { name, code, status } = fieldsOf(error);
  if (isNetworkFailure(error)) return 'unreachable';
  if (name === 'NoSuchBucket' || (options.isBucketRequest === true && status === 404)) return 'bucket';
  if (name === 'NoSuchKey' || name === 'NotFound' || status === 404) return 'missing-object';
  if (CREDENTIAL_NAMES.has(name ?? '') || CREDENTIAL_NAMES.has(code ?? '') || status === 403) return 'credentials';
  if (status !== undefined && status >= 500) return 'server';
  return 'other';
}

/** True when S3 cannot be used at all right now, so the caller should keep the bytes on disk and retry later. */
export function isS3Unavailable(error: unknown): boolean {
  const problem = error instanceof S3StorageError ? error.problem : classifyS3Error(error);
  return UNAVAILABLE.has(problem);
}

export interface S3Call {
  /** A verb for the message: "write", "read", "list"... */
  readonly action: string;
  readonly key: string;
  readonly bucket: string;
  /** Where requests go, for the message: the endpoint URL or "AWS S3 (eu-west-1)". */
  readonly where: string;
  readonly isBucketRequest?: boolean;
}

export function s3StorageError(error: unknown, call: S3Call): S3StorageError {
  if (error instanceof S3StorageError) return error;
  const problem = classifyS3Error(error, call);
  return new S3StorageError(
    problem,
    `Could not ${call.action} "${call.key}" in S3: ${explain(problem, error, call)}`,
    error,
  );
}

function explain(problem: S3Problem, error: unknown, call: S3Call): string {
  const { name, code, status, message } = fieldsOf(error);
  // HEAD responses have no body, so the SDK names their errors "Unknown": the status says more.
  const reason = code ?? (name === undefined || name === 'Unknown' ? `HTTP ${status ?? '?'}` : name);
  switch (problem) {
    case 'unreachable':
      return `${call.where} is unreachable (${reason}). Check S3_ENDPOINT and the network connection.`;
    case 'server':
      return `${call.where} answered with a server error (${status} ${name}) on every attempt. Try again later.`;
    case 'credentials':
      return name === 'AccessDenied' || name === 'Forbidden'
        ? `access was denied (${reason}). Check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, and that the bucket policy lets them use bucket "${call.bucket}".`
        : `the credentials were refused (${reason}). Check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.`;
    case 'bucket':
      return `bucket "${call.bucket}" does not exist. Create it, or set S3_BUCKET to an existing bucket.`;
    case 'missing-object':
      return `there is no such object in bucket "${call.bucket}".`;
    case 'other':
      return `bucket "${call.bucket}" at ${call.where} answered ${reason}${message === undefined ? '' : `: ${message}`}`;
  }
}

interface ErrorFields {
  readonly name: string | undefined;
  readonly code: string | undefined;
  readonly status: number | undefined;
  readonly message: string | undefined;
}

function fieldsOf(error: unknown): ErrorFields {
  if (typeof error !== 'object' || error === null) {
    return { name: undefined, code: undefined, status: undefined, message: undefined };
  }
  const record = error as {
    name?: unknown;
    code?: unknown;
    message?: unknown;
    $metadata?: { httpStatusCode?: unknown };
  };
  const status = record.$metadata?.httpStatusCode;
  return {
    name: typeof record.name === 'string' ? record.name : undefined,
    code: typeof record.code === 'string' ? record.code : undefined,
    status: typeof status === 'number' ? status : undefined,
    message: typeof record.message === 'string' && record.message !== '' ? record.message : undefined,
  };
}

/** Node reports a refused dual-stack connect as an AggregateError; the SDK reports its own timeouts by name. */
function isNetworkFailure(error: unknown): boolean {
  const { name, code } = fieldsOf(error);
  if (name === 'TimeoutError' || NETWORK_CODES.has(code ?? '')) return true;
  return error instanceof AggregateError && error.errors.some(isNetworkFailure);
}
