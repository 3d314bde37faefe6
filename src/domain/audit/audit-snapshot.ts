import type { ActorId } from '../actors/actor-id.js';
import type { ImageRecord } from '../images/image-record.js';

/** What identifies a stored file's content. */
export interface Fingerprint {
  readonly sizeBytes: number;
  readonly sha256: string;
}

/** A file in `training_data/` or an object in the S3 mirror, as its store reports it. */
export interface StoredCopy extends Fingerprint {
  readonly fileName: string;
}

/**
 * The manifest as read from disk. `isUpToDate` says whether it equals what the database would project (the caller
 * builds and compares); a manifest that is absent or not valid JSON is `unreadable`, with why.
 */
export type ManifestState =
  { readonly fileNames: readonly string[]; readonly isUpToDate: boolean } | { readonly unreadable: string };

/**
 * Everything the audit compares for one actor, gathered by the caller. File names are unique within each source:
 * they are a directory listing, object keys, a unique column and JSON keys.
 */
export interface AuditSnapshot {
  readonly actorId: ActorId;
  /** The database: the truth about what the set holds. */
  readonly images: readonly ImageRecord[];
  readonly manifest: ManifestState;
  readonly disk: readonly StoredCopy[];
  /** Null when no S3 mirror is configured. */
  readonly s3: readonly StoredCopy[] | null;
}

/** A copy is sound only when it is byte-for-byte what the row describes; anything else must not be trusted. */
export function isSoundCopy(copy: Fingerprint | undefined, row: Fingerprint): boolean {
  return copy !== undefined && copy.sizeBytes === row.sizeBytes && copy.sha256 === row.sha256;
}

export function fingerprintOf(item: Fingerprint): Fingerprint {
  return { sizeBytes: item.sizeBytes, sha256: item.sha256 };
}

export function byFileName<T extends { readonly fileName: string }>(items: readonly T[]): Map<string, T> {
  return new Map(items.map((item) => [item.fileName, item]));
}
