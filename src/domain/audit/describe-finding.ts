import type { Finding } from './audit-findings.js';
import type { Fingerprint } from './audit-snapshot.js';

/** One line a user reads, naming the file first: `0001_x_photorealistic_3.jpg: in the database but not on disk`. */
export function describeFinding(finding: Finding): string {
  return `${finding.fileName}: ${describeProblem(finding)}`;
}

/** What is wrong, without the file name: for tables that show the name in its own column. */
export function describeProblem(finding: Finding): string {
  switch (finding.kind) {
    case 'missing_file':
      return 'in the database but not on disk';
    case 'missing_object':
      return 'in the database but not in S3';
    case 'disk_mismatch':
      return `the copy on disk differs from the database (${difference(finding.found, finding.expected)})`;
    case 'object_mismatch':
      return `the copy in S3 differs from the database (${difference(finding.found, finding.expected)})`;
    case 'orphan_file':
      return `on disk but not in the database (${finding.found.sizeBytes} bytes)`;
    case 'orphan_object':
      return `in S3 but not in the database (${finding.found.sizeBytes} bytes)`;
    case 'missing_manifest_entry':
      return 'in the database but not in the manifest';
    case 'stale_manifest_entry':
      return 'in the manifest but not in the database';
    case 'manifest_outdated':
      return 'lists the right images but its details differ from the database';
    case 'manifest_unreadable':
      return `cannot be read (${finding.detail})`;
  }
}

function difference(found: Fingerprint, expected: Fingerprint): string {
  if (found.sizeBytes !== expected.sizeBytes) return `${found.sizeBytes} bytes, expected ${expected.sizeBytes}`;
  return `sha256 ${found.sha256.slice(0, 12)}…, expected ${expected.sha256.slice(0, 12)}…`;
}
