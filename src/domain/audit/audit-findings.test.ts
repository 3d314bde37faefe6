import { describe, expect, it } from 'vitest';
import { auditDataset, type Finding } from './audit-findings.js';
import { A, B, actorId, copy, row, snapshot } from './audit-fixtures.js';
import type { AuditSnapshot, Fingerprint } from './audit-snapshot.js';

const SHORT: Fingerprint = { sizeBytes: 120, sha256: 'aa'.repeat(32) };

describe('auditDataset', () => {
  const gap = { fileName: 'a.jpg', imageId: 'img_a.jpg' };
  const manifestName = '0001_manifest.json';

  it.each<[string, Partial<AuditSnapshot>, Finding[]]>([
    ['sources that agree', {}, []],
    ['a row without its file', { disk: [] }, [{ kind: 'missing_file', ...gap }]],
    ['a row without its object', { s3: [] }, [{ kind: 'missing_object', ...gap }]],
    ['no S3 mirror', { s3: null }, []],
    [
      'a disk copy of another size',
      { disk: [copy('a.jpg', SHORT)] },
      [{ kind: 'disk_mismatch', ...gap, expected: A, found: SHORT }],
    ],
    [
      'a disk copy of another content',
      { disk: [copy('a.jpg', B)] },
      [{ kind: 'disk_mismatch', ...gap, expected: A, found: B }],
    ],
    [
      'an object that differs',
      { s3: [copy('a.jpg', B)] },
      [{ kind: 'object_mismatch', ...gap, expected: A, found: B }],
    ],
    [
      'a file without a row',
      { disk: [copy('a.jpg'), copy('b.jpg', B)] },
      [{ kind: 'orphan_file', fileName: 'b.jpg', found: B }],
    ],
    [
      'an object without a row',
      { s3: [copy('a.jpg'), copy('b.jpg')] },
      [{ kind: 'orphan_object', fileName: 'b.jpg', found: A }],
    ],
    [
      'a manifest naming a file without a row',
      { manifest: { fileNames: ['a.jpg', 'b.jpg'], isUpToDate: false } },
      [{ kind: 'stale_manifest_entry', fileName: 'b.jpg' }],
    ],
    [
      'a row missing from the manifest',
      { manifest: { fileNames: [], isUpToDate: false } },
      [{ kind: 'missing_manifest_entry', ...gap }],
    ],
    [
      'a manifest with the right names but old details',
      { manifest: { fileNames: ['a.jpg'], isUpToDate: false } },
      [{ kind: 'manifest_outdated', fileName: manifestName }],
    ],
    [
      'a manifest that cannot be parsed',
      { manifest: { unreadable: 'Unexpected token } in JSON' } },
      [{ kind: 'manifest_unreadable', fileName: manifestName, detail: 'Unexpected token } in JSON' }],
    ],
  ])('reports %s', (_, overrides, expected) => {
    const report = auditDataset(snapshot(overrides));
    expect(report.findings).toEqual(expected);
    expect(report.isHealthy).toBe(expected.length === 0);
  });

  it('counts each source, with null for a manifest it cannot read and a mirror that is not there', () => {
    const report = auditDataset(
      snapshot({ disk: [copy('a.jpg'), copy('b.jpg')], s3: null, manifest: { unreadable: 'file not found' } }),
    );
    expect(report.counts).toEqual({ rows: 1, manifestEntries: null, diskFiles: 2, s3Objects: null });
    expect(auditDataset(snapshot()).counts).toEqual({ rows: 1, manifestEntries: 1, diskFiles: 1, s3Objects: 1 });
  });

  it('sorts findings by file name, then with the row copies before orphans and the manifest', () => {
    const report = auditDataset({
      actorId,
      images: [row('c.jpg'), row('a.jpg')],
      manifest: { fileNames: ['b.jpg'], isUpToDate: false },
      disk: [copy('b.jpg')],
      s3: [copy('a.jpg', B), copy('b.jpg')],
    });
    expect(report.findings.map((f) => `${f.fileName} ${f.kind}`)).toEqual([
      'a.jpg missing_file',
      'a.jpg object_mismatch',
      'a.jpg missing_manifest_entry',
      'b.jpg orphan_file',
      'b.jpg orphan_object',
      'b.jpg stale_manifest_entry',
      'c.jpg missing_file',
      'c.jpg missing_object',
      'c.jpg missing_manifest_entry',
    ]);
  });
});
