import { randomUUID } from 'node:crypto';
import path from 'node:path';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  type HeadObjectCommandOutput,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { BlobStat, ImageMirror } from '../../../app/ports.js';
import { sha256Hex } from '../../hashing/sha256-hex.js';
import { assertSafeKey } from '../safe-path.js';
import { checkS3Access, type S3AccessReport } from './s3-access-check.js';
import { classifyS3Error, isS3Unavailable, s3StorageError, type S3Call } from './s3-errors.js';
import { listObjectKeyPages } from './s3-listing.js';
import { createS3Client, normalizeS3Prefix, type S3Settings } from './s3-settings.js';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  json: 'application/json',
};
const SHA256_HEX = /^[0-9a-f]{64}$/;
/** The most keys one DeleteObjects request accepts. */
const DELETE_BATCH = 1000;

/** Blobs as objects in one bucket, each key under the configured prefix; failures are S3StorageErrors. */
export class S3BlobStore implements ImageMirror {
  private readonly bucket: string;
  private readonly prefix: string;
  private readonly where: string;
  /** HEAD answers 404 for a missing bucket and a missing object alike: the bucket is checked once, on the first. */
  private isBucketConfirmed = false;

  constructor(
    settings: S3Settings,
    private readonly client: S3Client = createS3Client(settings),
  ) {
    this.bucket = settings.bucket;
    this.prefix = normalizeS3Prefix(settings.prefix);
    this.where = settings.endpoint ?? `AWS S3 (${settings.region})`;
  }

  get description(): string {
    return `s3://${this.bucket}/${this.prefix}`;
  }

  isUnavailable(error: unknown): boolean {
    return isS3Unavailable(error);
  }

  /** The address Troupe records as an image's `s3_url`. */
  urlFor(key: string): string {
    return `s3://${this.bucket}/${this.objectKey(key)}`;
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    const params = {
      Bucket: this.bucket,
      Key: this.objectKey(key),
      Body: bytes,
      ContentType: CONTENT_TYPES[path.posix.extname(key).slice(1).toLowerCase()] ?? 'application/octet-stream',
      Metadata: { sha256: sha256Hex(bytes) },
    };
    await this.attempt('write', key, () => new Upload({ client: this.client, params }).done());
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    const objectKey = this.objectKey(key);
    try {
      const output = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: objectKey }));
      return (await output.Body?.transformToByteArray()) ?? new Uint8Array();
    } catch (error) {
      if (classifyS3Error(error) === 'missing-object') return undefined;
      throw s3StorageError(error, this.call('read', key));
    }
  }

  async move(fromKey: string, toKey: string): Promise<void> {
    const source = this.objectKey(fromKey);
    const target = this.objectKey(toKey);
    // S3 refuses to copy an object onto itself, and deleting the source afterwards would lose it.
    if (source === target) {
      await this.attempt('move', fromKey, () => this.client.send(this.headCommand(source)));
      return;
    }
    const copySource = `${this.bucket}/${source.split('/').map(encodeURIComponent).join('/')}`;
    await this.attempt('move', fromKey, () =>
      this.client.send(new CopyObjectCommand({ Bucket: this.bucket, Key: target, CopySource: copySource })),
    );
    await this.attempt('move', fromKey, () =>
      this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: source })),
    );
  }

  async delete(key: string): Promise<void> {
    const objectKey = this.objectKey(key);
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: objectKey }));
    } catch (error) {
      // AWS answers 204 for a missing key; some compatible servers answer NoSuchKey.
      if (classifyS3Error(error) !== 'missing-object') throw s3StorageError(error, this.call('delete', key));
    }
  }

  async deleteTree(prefix: string): Promise<void> {
    const folder = this.folderKey(prefix);
    await this.attempt('delete', prefix, async () => {
      const keys: string[] = [];
      for await (const page of listObjectKeyPages(this.client, { bucket: this.bucket, prefix: folder })) {
        keys.push(...page);
      }
      for (let start = 0; start < keys.length; start += DELETE_BATCH) {
        await this.deleteBatch(keys.slice(start, start + DELETE_BATCH));
      }
    });
  }

  async list(prefix: string): Promise<string[]> {
    const folder = this.folderKey(prefix);
    const names: string[] = [];
    await this.attempt('list', prefix, async () => {
      const pages = listObjectKeyPages(this.client, { bucket: this.bucket, prefix: folder, delimiter: '/' });
      for await (const page of pages) {
        // A zero-byte "folder" object named like the prefix itself is not a file.
        names.push(...page.map((objectKey) => objectKey.slice(folder.length)).filter((name) => name !== ''));
      }
    });
    return names.sort();
  }

  async exists(key: string): Promise<boolean> {
    return (await this.head(key)) !== undefined;
  }

  async stat(key: string): Promise<BlobStat | undefined> {
    const head = await this.head(key);
    if (head === undefined) return undefined;
    const recorded = head.Metadata?.['sha256'];
    if (recorded !== undefined && SHA256_HEX.test(recorded) && head.ContentLength !== undefined) {
      return { sizeBytes: head.ContentLength, sha256: recorded };
    }
    // Uploaded by another tool: hash it once here rather than trust a missing or malformed checksum.
    const bytes = await this.get(key);
    return bytes === undefined ? undefined : { sizeBytes: bytes.byteLength, sha256: sha256Hex(bytes) };
  }

  /** For `troupe doctor`: can this process reach the bucket, and write, read and delete under the prefix? */
  async checkAccess(): Promise<S3AccessReport> {
    return checkS3Access({
      bucket: this.bucket,
      where: this.where,
      headBucket: () => this.headBucket(),
      store: this,
      probeKey: `.troupe-doctor/probe-${randomUUID()}`,
    });
  }

  private async head(key: string): Promise<HeadObjectCommandOutput | undefined> {
    const objectKey = this.objectKey(key);
    try {
      return await this.client.send(this.headCommand(objectKey));
    } catch (error) {
      if (classifyS3Error(error) !== 'missing-object') throw s3StorageError(error, this.call('read', key));
      await this.confirmBucket();
      return undefined;
    }
  }

  private async confirmBucket(): Promise<void> {
    if (!this.isBucketConfirmed) await this.headBucket();
  }

  private async headBucket(): Promise<void> {
    const command = new HeadBucketCommand({ Bucket: this.bucket });
    await this.attempt('open bucket', this.bucket, () => this.client.send(command), true);
    this.isBucketConfirmed = true;
  }

  private async deleteBatch(objectKeys: string[]): Promise<void> {
    const output = await this.client.send(
      new DeleteObjectsCommand({
        Bucket: this.bucket,
        Delete: { Objects: objectKeys.map((Key) => ({ Key })), Quiet: true },
      }),
    );
    const first = output.Errors?.[0];
    if (first !== undefined) {
      const error = Object.assign(new Error(first.Message ?? 'DeleteObjects failed'), { name: first.Code ?? 'Error' });
      throw s3StorageError(error, this.call('delete', first.Key ?? objectKeys[0] ?? ''));
    }
  }

  private headCommand(objectKey: string): HeadObjectCommand {
    return new HeadObjectCommand({ Bucket: this.bucket, Key: objectKey });
  }

  private objectKey(key: string): string {
    assertSafeKey(key);
    return `${this.prefix}${key}`;
  }

  /** The object-key prefix of a store folder, ending in '/' so `a/b` never matches `a/bc/...`. */
  private folderKey(prefix: string): string {
    return `${this.objectKey(prefix.replace(/\/$/, ''))}/`;
  }

  private async attempt(
    action: string,
    key: string,
    work: () => Promise<unknown>,
    isBucketRequest = false,
  ): Promise<void> {
    try {
      await work();
    } catch (error) {
      throw s3StorageError(error, { ...this.call(action, key), isBucketRequest });
    }
  }

  private call(action: string, key: string): S3Call {
    return { action, key, bucket: this.bucket, where: this.where };
  }
}
