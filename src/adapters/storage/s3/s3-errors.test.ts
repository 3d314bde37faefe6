import { describe, expect, it } from 'vitest';
import { classifyS3Error, isS3Unavailable, s3StorageError, type S3Problem } from './s3-errors.js';

/** Shaped like the SDK's service exceptions: a name and the HTTP status in $metadata. */
function serviceError(name: string, status: number): Error {
  return Object.assign(new Error(`${name} message`), { name, $metadata: { httpStatusCode: status } });
}

function networkError(code: string): Error {
  return Object.assign(new Error(`connect ${code}`), { code });
}

const call = { action: 'write', key: 'a/b.jpg', bucket: 'troupe', where: 'http://127.0.0.1:9000' };

describe('classifyS3Error', () => {
  const cases: Array<[string, unknown, S3Problem]> = [
    ['refused connection', networkError('ECONNREFUSED'), 'unreachable'],
    ['unknown host', networkError('ENOTFOUND'), 'unreachable'],
    ['request timeout', Object.assign(new Error('slow'), { name: 'TimeoutError' }), 'unreachable'],
    ['dual-stack refusal', new AggregateError([networkError('ECONNREFUSED')]), 'unreachable'],
    ['unknown access key', serviceError('InvalidAccessKeyId', 403), 'credentials'],
    ['wrong secret', serviceError('SignatureDoesNotMatch', 403), 'credentials'],
    ['bodiless 403', serviceError('Unknown', 403), 'credentials'],
    ['no credentials found', Object.assign(new Error('none'), { name: 'CredentialsProviderError' }), 'credentials'],
    ['missing bucket', serviceError('NoSuchBucket', 404), 'bucket'],
    ['missing key', serviceError('NoSuchKey', 404), 'missing-object'],
    ['bodiless 404', serviceError('NotFound', 404), 'missing-object'],
    ['overloaded', serviceError('SlowDown', 503), 'server'],
    ['bad request', serviceError('InvalidArgument', 400), 'other'],
    ['not an error', 'boom', 'other'],
  ];
  it.each(cases)('%s', (_label, error, problem) => {
    expect(classifyS3Error(error)).toBe(problem);
  });

  it('reads a bodiless 404 on a bucket request as a missing bucket', () => {
    expect(classifyS3Error(serviceError('NotFound', 404), { isBucketRequest: true })).toBe('bucket');
  });
});

describe('s3StorageError', () => {
  it('names the setting to fix for each problem', () => {
    const message = (error: unknown): string => s3StorageError(error, call).message;
    expect(message(networkError('ECONNREFUSED'))).toContain('S3_ENDPOINT');
    expect(message(serviceError('InvalidAccessKeyId', 403))).toMatch(/AWS_ACCESS_KEY_ID.*AWS_SECRET_ACCESS_KEY/);
    expect(message(serviceError('AccessDenied', 403))).toContain('bucket policy');
    expect(message(serviceError('NoSuchBucket', 404))).toContain('S3_BUCKET');
    expect(message(serviceError('Unknown', 403))).toContain('(HTTP 403)');
  });

  it('is a STORAGE TroupeError, retryable only when S3 may come back by itself', () => {
    expect(s3StorageError(networkError('ETIMEDOUT'), call)).toMatchObject({ code: 'STORAGE', isRetryable: true });
    expect(s3StorageError(serviceError('NoSuchBucket', 404), call)).toMatchObject({ isRetryable: false });
  });
});

describe('isS3Unavailable', () => {
  it('is true when S3 cannot be used at all, for raw and wrapped errors alike', () => {
    for (const error of [networkError('ECONNREFUSED'), serviceError('SignatureDoesNotMatch', 403)]) {
      expect(isS3Unavailable(error)).toBe(true);
      expect(isS3Unavailable(s3StorageError(error, call))).toBe(true);
    }
    expect(isS3Unavailable(s3StorageError(serviceError('NotFound', 404), { ...call, isBucketRequest: true }))).toBe(
      true,
    );
  });

  it('is false for a request that was wrong or found nothing', () => {
    expect(isS3Unavailable(serviceError('NoSuchKey', 404))).toBe(false);
    expect(isS3Unavailable(serviceError('InvalidArgument', 400))).toBe(false);
    expect(isS3Unavailable(new Error('bug'))).toBe(false);
  });
});
