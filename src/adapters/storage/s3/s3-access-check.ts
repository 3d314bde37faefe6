import { randomBytes } from 'node:crypto';
import { sha256Hex } from '../../hashing/sha256-hex.js';
import type { BlobStore } from '../../../app/ports.js';
import { S3StorageError } from './s3-errors.js';

export type S3AccessCheckName = 'reachable' | 'credentials' | 'bucket' | 'writable';

export interface S3AccessCheck {
  readonly name: S3AccessCheckName;
  readonly ok: boolean;
  /** For the user: what was found and, when it failed, which setting to fix. */
  readonly detail: string;
}

export interface S3AccessReport {
  readonly ok: boolean;
  readonly checks: S3AccessCheck[];
}

export interface S3AccessTarget {
  readonly bucket: string;
  readonly where: string;
  /** Throws an S3StorageError when the bucket cannot be reached or used. */
  headBucket(): Promise<void>;
  /** The store, for a write, read back and delete of `probeKey`. */
  readonly store: Pick<BlobStore, 'put' | 'stat' | 'delete'>;
  readonly probeKey: string;
}

const ORDER: readonly S3AccessCheckName[] = ['reachable', 'credentials', 'bucket', 'writable'];

/** Runs the checks in order and stops at the first failure; later checks are reported as not run. */
export async function checkS3Access(target: S3AccessTarget): Promise<S3AccessReport> {
  try {
    await target.headBucket();
  } catch (error) {
    return reportFailure(target, checkThatFailed(error), messageOf(error));
  }
  try {
    await writeProbe(target);
  } catch (error) {
    const policy = `The bucket policy must allow s3:PutObject, s3:GetObject and s3:DeleteObject for these credentials.`;
    return reportFailure(target, 'writable', `Could not write a probe object: ${messageOf(error)} ${policy}`);
  }
  return { ok: true, checks: ORDER.map((name) => ({ name, ok: true, detail: passed(target, name) })) };
}

async function writeProbe(target: S3AccessTarget): Promise<void> {
  const bytes = randomBytes(1024);
  await target.store.put(target.probeKey, bytes);
  try {
    const stat = await target.store.stat(target.probeKey);
    const sha256 = sha256Hex(bytes);
    if (stat === undefined) throw new Error('it was written but could not be found again.');
    if (stat.sizeBytes !== bytes.byteLength || stat.sha256 !== sha256) {
      throw new Error(`it read back with another size or sha256 than was written; the server may be altering uploads.`);
    }
  } finally {
    await target.store.delete(target.probeKey);
  }
}

function checkThatFailed(error: unknown): S3AccessCheckName {
  const problem = error instanceof S3StorageError ? error.problem : 'other';
  if (problem === 'unreachable' || problem === 'server') return 'reachable';
  if (problem === 'credentials') return 'credentials';
  return 'bucket';
}

function reportFailure(target: S3AccessTarget, failed: S3AccessCheckName, detail: string): S3AccessReport {
  const failedAt = ORDER.indexOf(failed);
  const checks = ORDER.map((name, index): S3AccessCheck => {
    if (index < failedAt) return { name, ok: true, detail: passed(target, name) };
    if (index === failedAt) return { name, ok: false, detail };
    return { name, ok: false, detail: `Not checked: the ${failed} check failed.` };
  });
  return { ok: false, checks };
}

function passed(target: S3AccessTarget, name: S3AccessCheckName): string {
  switch (name) {
    case 'reachable':
      return `${target.where} answered.`;
    case 'credentials':
      return 'The credentials were accepted.';
    case 'bucket':
      return `Bucket "${target.bucket}" exists.`;
    case 'writable':
      return 'Wrote, read back and deleted a probe object.';
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
