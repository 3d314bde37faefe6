import { S3Client } from '@aws-sdk/client-s3';
import { assertSafeKey } from '../safe-path.js';

/** Where Troupe's blobs live in S3 (or an S3-compatible server such as MinIO). */
export interface S3Settings {
  readonly bucket: string;
  /** Folder inside the bucket for every key, e.g. `troupe/`; '' (the default) for the bucket's root. */
  readonly prefix?: string;
  readonly region: string;
  /** For S3-compatible servers; AWS itself needs none. */
  readonly endpoint?: string;
  /** Most S3-compatible servers need `http://host/bucket/key` rather than `http://bucket.host/key`. */
  readonly forcePathStyle: boolean;
  /** Without them the SDK's default chain applies (environment, profile, instance role). */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

/** The prefix as a folder: '' or `a/b/`, checked like any key so it cannot climb out of the bucket's namespace. */
export function normalizeS3Prefix(prefix: string | undefined): string {
  const trimmed = (prefix ?? '').replace(/\/+$/, '');
  if (trimmed === '') return '';
  assertSafeKey(trimmed);
  return `${trimmed}/`;
}

export function createS3Client(settings: S3Settings): S3Client {
  // The SDK warns on stderr under Node < 22 that *future* SDK releases will need it; the lockfile pins this one,
  // so the warning only confuses CLI users.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  return new S3Client({
    region: settings.region,
    ...(settings.endpoint === undefined ? {} : { endpoint: settings.endpoint }),
    forcePathStyle: settings.forcePathStyle,
    ...(settings.credentials === undefined ? {} : { credentials: settings.credentials }),
    // By default the SDK streams uploads with aws-chunked trailing checksums, which S3-compatible servers that
    // predate them (s3rver, older MinIO) store verbatim: the object is silently corrupted.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 3,
    // Without throwOnRequestTimeout a stalled request only logs a warning and hangs on.
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 15_000, throwOnRequestTimeout: true },
  });
}
