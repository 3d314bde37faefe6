import { manifestFileName, type ActorId } from '../actors/actor-id.js';
import type { ImageRecord } from '../images/image-record.js';
import {
  byFileName,
  fingerprintOf,
  isSoundCopy,
  type AuditSnapshot,
  type Fingerprint,
  type StoredCopy,
} from './audit-snapshot.js';

interface RowGap<K extends string> {
  readonly kind: K;
  readonly fileName: string;
  readonly imageId: string;
}
interface Mismatch<K extends string> extends RowGap<K> {
  readonly expected: Fingerprint;
  readonly found: Fingerprint;
}
interface Orphan<K extends string> {
  readonly kind: K;
  readonly fileName: string;
  readonly found: Fingerprint;
}

/**
 * One disagreement between the database and another source. Image findings name the image file; the whole-manifest
 * findings (`manifest_outdated`, `manifest_unreadable`) name the manifest file.
 */
export type Finding =
  | RowGap<'missing_file'>
  | Mismatch<'disk_mismatch'>
  | RowGap<'missing_object'>
  | Mismatch<'object_mismatch'>
  | Orphan<'orphan_file'>
  | Orphan<'orphan_object'>
  | RowGap<'missing_manifest_entry'>
  | { readonly kind: 'stale_manifest_entry'; readonly fileName: string }
  | { readonly kind: 'manifest_outdated'; readonly fileName: string }
  | { readonly kind: 'manifest_unreadable'; readonly fileName: string; readonly detail: string };

export type FindingKind = Finding['kind'];

/** Order of findings about the same file: the row's own copies first, then orphans, then the manifest. */
const KIND_RANK: Readonly<Record<FindingKind, number>> = {
  missing_file: 0,
  disk_mismatch: 1,
  missing_object: 2,
  object_mismatch: 3,
  orphan_file: 4,
  orphan_object: 5,
  missing_manifest_entry: 6,
  stale_manifest_entry: 7,
  manifest_outdated: 8,
  manifest_unreadable: 9,
};

export interface SourceCounts {
  readonly rows: number;
  /** Null when the manifest could not be read. */
  readonly manifestEntries: number | null;
  readonly diskFiles: number;
  /** Null when no S3 mirror is configured. */
  readonly s3Objects: number | null;
}

export interface AuditReport {
  readonly actorId: ActorId;
  readonly counts: SourceCounts;
  /** Sorted by file name, then kind. */
  readonly findings: readonly Finding[];
  readonly isHealthy: boolean;
}

/** Compares the manifest, the disk and the S3 mirror with the database, which is taken as the truth. Pure. */
export function auditDataset(snapshot: AuditSnapshot): AuditReport {
  const rows = byFileName(snapshot.images);
  const findings = [
    ...copyFindings(rows, snapshot.disk, DISK_KINDS),
    ...(snapshot.s3 === null ? [] : copyFindings(rows, snapshot.s3, S3_KINDS)),
    ...manifestFindings(snapshot, rows),
  ].sort(compareFindings);
  const { manifest } = snapshot;
  return {
    actorId: snapshot.actorId,
    counts: {
      rows: rows.size,
      manifestEntries: 'unreadable' in manifest ? null : new Set(manifest.fileNames).size,
      diskFiles: snapshot.disk.length,
      s3Objects: snapshot.s3?.length ?? null,
    },
    findings,
    isHealthy: findings.length === 0,
  };
}

export function compareFindings(a: Finding, b: Finding): number {
  return compareNames(a.fileName, b.fileName) || KIND_RANK[a.kind] - KIND_RANK[b.kind];
}

/** Code-unit order, so reports read the same whatever the machine's locale. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

interface PlaceKinds<M extends string, X extends string, O extends string> {
  readonly missing: M;
  readonly mismatch: X;
  readonly orphan: O;
}
const DISK_KINDS: PlaceKinds<'missing_file', 'disk_mismatch', 'orphan_file'> = {
  missing: 'missing_file',
  mismatch: 'disk_mismatch',
  orphan: 'orphan_file',
};
const S3_KINDS: PlaceKinds<'missing_object', 'object_mismatch', 'orphan_object'> = {
  missing: 'missing_object',
  mismatch: 'object_mismatch',
  orphan: 'orphan_object',
};

function copyFindings(
  rows: ReadonlyMap<string, ImageRecord>,
  copies: readonly StoredCopy[],
  kinds: typeof DISK_KINDS | typeof S3_KINDS,
): Finding[] {
  const found = byFileName(copies);
  const findings: Finding[] = [];
  for (const row of rows.values()) {
    const copy = found.get(row.fileName);
    const about = { fileName: row.fileName, imageId: row.id };
    if (copy === undefined) findings.push({ kind: kinds.missing, ...about });
    else if (!isSoundCopy(copy, row))
      findings.push({ kind: kinds.mismatch, ...about, expected: fingerprintOf(row), found: fingerprintOf(copy) });
  }
  for (const copy of found.values()) {
    if (!rows.has(copy.fileName))
      findings.push({ kind: kinds.orphan, fileName: copy.fileName, found: fingerprintOf(copy) });
  }
  return findings;
}

function manifestFindings(snapshot: AuditSnapshot, rows: ReadonlyMap<string, ImageRecord>): Finding[] {
  const { manifest } = snapshot;
  const fileName = manifestFileName(snapshot.actorId);
  if ('unreadable' in manifest) return [{ kind: 'manifest_unreadable', fileName, detail: manifest.unreadable }];
  const listed = new Set(manifest.fileNames);
  const findings: Finding[] = [];
  for (const name of listed) if (!rows.has(name)) findings.push({ kind: 'stale_manifest_entry', fileName: name });
  for (const row of rows.values()) {
    if (!listed.has(row.fileName))
      findings.push({ kind: 'missing_manifest_entry', fileName: row.fileName, imageId: row.id });
  }
  // Entry findings already call for a rewrite; `outdated` covers the remaining case, where only details differ.
  if (findings.length === 0 && !manifest.isUpToDate) findings.push({ kind: 'manifest_outdated', fileName });
  return findings;
}
