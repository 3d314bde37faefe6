import { describe, expect, it } from 'vitest';
import type { Finding } from './audit-findings.js';
import { describeFinding } from './describe-finding.js';

const f = '0001_x_photorealistic_3.jpg';
const expected = { sizeBytes: 300_000, sha256: '0123456789ab'.padEnd(64, 'c') };
const sameSize = { sizeBytes: 300_000, sha256: 'ba9876543210'.padEnd(64, 'd') };

describe('describeFinding', () => {
  it.each<[Finding, string]>([
    [{ kind: 'missing_file', fileName: f, imageId: 'i' }, `${f}: in the database but not on disk`],
    [{ kind: 'missing_object', fileName: f, imageId: 'i' }, `${f}: in the database but not in S3`],
    [
      { kind: 'disk_mismatch', fileName: f, imageId: 'i', expected, found: { ...expected, sizeBytes: 120 } },
      `${f}: the copy on disk differs from the database (120 bytes, expected 300000)`,
    ],
    [
      { kind: 'object_mismatch', fileName: f, imageId: 'i', expected, found: sameSize },
      `${f}: the copy in S3 differs from the database (sha256 ba9876543210…, expected 0123456789ab…)`,
    ],
    [{ kind: 'orphan_file', fileName: f, found: expected }, `${f}: on disk but not in the database (300000 bytes)`],
    [{ kind: 'orphan_object', fileName: f, found: expected }, `${f}: in S3 but not in the database (300000 bytes)`],
    [{ kind: 'missing_manifest_entry', fileName: f, imageId: 'i' }, `${f}: in the database but not in the manifest`],
    [{ kind: 'stale_manifest_entry', fileName: f }, `${f}: in the manifest but not in the database`],
    [
      { kind: 'manifest_outdated', fileName: '0001_manifest.json' },
      '0001_manifest.json: lists the right images but its details differ from the database',
    ],
    [
      { kind: 'manifest_unreadable', fileName: '0001_manifest.json', detail: 'file not found' },
      '0001_manifest.json: cannot be read (file not found)',
    ],
  ])('describes %o', (finding, line) => {
    expect(describeFinding(finding)).toBe(line);
  });
});
