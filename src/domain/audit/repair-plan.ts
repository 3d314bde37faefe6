import { manifestFileName } from '../actors/actor-id.js';
import type { ImageRecord } from '../images/image-record.js';
import { compareFindings, compareNames, type AuditReport, type Finding } from './audit-findings.js';
import { byFileName, fingerprintOf, isSoundCopy, type AuditSnapshot, type Fingerprint } from './audit-snapshot.js';

interface CopyRepair<K extends string> {
  readonly kind: K;
  readonly fileName: string;
  readonly imageId: string;
  /** What the written copy must match; the executor checks it after the transfer. */
  readonly expected: Fingerprint;
  readonly fixes: readonly Finding[];
}

/** Only writes: a repair never deletes, so no plan can destroy the last copy of an image. */
export type RepairAction =
  | CopyRepair<'download'>
  | CopyRepair<'upload'>
  | { readonly kind: 'rewrite_manifest'; readonly fileName: string; readonly fixes: readonly Finding[] };

export interface Unrepairable {
  readonly finding: Finding;
  /** `orphan`: a copy without a row; `lost`: a row without a sound copy. */
  readonly cause: 'orphan' | 'lost';
  readonly reason: string;
}

export interface RepairPlan {
  /** Sorted by file name, then kind. */
  readonly actions: readonly RepairAction[];
  /** Sorted as the report's findings. */
  readonly unrepairable: readonly Unrepairable[];
}

const ACTION_RANK: Readonly<Record<RepairAction['kind'], number>> = { download: 0, upload: 1, rewrite_manifest: 2 };

export const ORPHAN_REASON = 'not in the database: import it with `troupe import` or delete it yourself';

/**
 * Restores each unsound copy from its sound twin and rebuilds the manifest from the database. Orphans stay put: one
 * may be the only copy of an image, and only a person can tell. Pure.
 */
export function planRepair(report: AuditReport, snapshot: AuditSnapshot): RepairPlan {
  const copies = copiesOf(snapshot);
  const actions: RepairAction[] = [];
  const unrepairable: Unrepairable[] = [];
  const manifestFixes: Finding[] = [];
  for (const finding of [...report.findings].sort(compareFindings)) {
    switch (finding.kind) {
      case 'orphan_file':
      case 'orphan_object':
        unrepairable.push({ finding, cause: 'orphan', reason: ORPHAN_REASON });
        break;
      case 'missing_file':
      case 'disk_mismatch':
      case 'missing_object':
      case 'object_mismatch': {
        const repair = repairFromTwin(finding, copies);
        if (repair) actions.push(repair);
        else unrepairable.push({ finding, cause: 'lost', reason: lostReason(finding.fileName, copies) });
        break;
      }
      case 'missing_manifest_entry':
      case 'stale_manifest_entry':
      case 'manifest_outdated':
      case 'manifest_unreadable':
        manifestFixes.push(finding);
    }
  }
  if (manifestFixes.length > 0)
    actions.push({ kind: 'rewrite_manifest', fileName: manifestFileName(snapshot.actorId), fixes: manifestFixes });
  actions.sort((a, b) => compareNames(a.fileName, b.fileName) || ACTION_RANK[a.kind] - ACTION_RANK[b.kind]);
  return { actions, unrepairable };
}

type CopyFinding = Extract<Finding, { kind: 'missing_file' | 'disk_mismatch' | 'missing_object' | 'object_mismatch' }>;

interface Copies {
  readonly rows: ReadonlyMap<string, ImageRecord>;
  readonly disk: ReadonlyMap<string, Fingerprint>;
  readonly s3: ReadonlyMap<string, Fingerprint> | null;
}

function copiesOf(snapshot: AuditSnapshot): Copies {
  return {
    rows: byFileName(snapshot.images),
    disk: byFileName(snapshot.disk),
    s3: snapshot.s3 === null ? null : byFileName(snapshot.s3),
  };
}

/** The transfer from the finding's sound twin, or undefined when the twin is missing or unsound too. */
function repairFromTwin(finding: CopyFinding, copies: Copies): RepairAction | undefined {
  const row = copies.rows.get(finding.fileName);
  if (row === undefined) return undefined;
  const isDiskBad = finding.kind === 'missing_file' || finding.kind === 'disk_mismatch';
  const twin = isDiskBad ? copies.s3?.get(row.fileName) : copies.disk.get(row.fileName);
  if (!isSoundCopy(twin, row)) return undefined;
  const kind = isDiskBad ? 'download' : 'upload';
  return { kind, fileName: row.fileName, imageId: row.id, expected: fingerprintOf(row), fixes: [finding] };
}

function lostReason(fileName: string, copies: Copies): string {
  const row = copies.rows.get(fileName);
  const state = (copy: Fingerprint | undefined, place: string) =>
    copy === undefined
      ? `no ${place} copy`
      : row !== undefined && isSoundCopy(copy, row)
        ? `the ${place} copy is sound`
        : `the ${place} copy differs from the database`;
  const s3 = copies.s3 === null ? 'no S3 mirror is configured' : state(copies.s3.get(fileName), 'S3');
  return (
    `no sound copy is left (${state(copies.disk.get(fileName), 'disk')}; ${s3}): ` +
    'restore the file from a backup, or delete the image from the set (the Dataset tab, or DELETE /api/actors/{id}/images/{imageId})'
  );
}
