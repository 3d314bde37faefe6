import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auditDataset } from './audit-findings.js';
import { B, actorId, copy, row, snapshot } from './audit-fixtures.js';
import { isSoundCopy, type AuditSnapshot, type StoredCopy } from './audit-snapshot.js';
import { ORPHAN_REASON, planRepair, type RepairPlan } from './repair-plan.js';

const plan = (s: AuditSnapshot): RepairPlan => planRepair(auditDataset(s), s);
const actionsOf = (p: RepairPlan) => p.actions.map((a) => `${a.kind} ${a.fileName} (${a.fixes.map((f) => f.kind)})`);
const unrepairableOf = (p: RepairPlan) =>
  p.unrepairable.map((u) => `${u.cause} ${u.finding.fileName} ${u.finding.kind}`);

describe('planRepair', () => {
  it.each<[string, Partial<AuditSnapshot>, string[]]>([
    ['downloads a missing file from a sound object', { disk: [] }, ['download a.jpg (missing_file)']],
    ['downloads over a file that differs', { disk: [copy('a.jpg', B)] }, ['download a.jpg (disk_mismatch)']],
    ['uploads a missing object from a sound file', { s3: [] }, ['upload a.jpg (missing_object)']],
    ['uploads over an object that differs', { s3: [copy('a.jpg', B)] }, ['upload a.jpg (object_mismatch)']],
    [
      'rewrites the manifest once for all its findings',
      { images: [row('a.jpg'), row('c.jpg')], disk: [copy('a.jpg'), copy('c.jpg')], s3: null },
      ['rewrite_manifest 0001_manifest.json (missing_manifest_entry)'],
    ],
    [
      'rewrites a manifest it cannot read',
      { manifest: { unreadable: 'file not found' } },
      ['rewrite_manifest 0001_manifest.json (manifest_unreadable)'],
    ],
  ])('%s', (_, overrides, expected) => {
    const result = plan(snapshot(overrides));
    expect(actionsOf(result)).toEqual(expected);
    expect(result.unrepairable).toEqual([]);
  });

  it('leaves orphans where they are, with a reason, and drops only their manifest entry', () => {
    const result = plan(
      snapshot({
        manifest: { fileNames: ['a.jpg', 'b.jpg'], isUpToDate: false },
        disk: [copy('a.jpg'), copy('b.jpg')],
        s3: [copy('a.jpg'), copy('b.jpg', B)],
      }),
    );
    expect(actionsOf(result)).toEqual(['rewrite_manifest 0001_manifest.json (stale_manifest_entry)']);
    expect(unrepairableOf(result)).toEqual(['orphan b.jpg orphan_file', 'orphan b.jpg orphan_object']);
    expect(result.unrepairable.map((u) => u.reason)).toEqual([ORPHAN_REASON, ORPHAN_REASON]);
  });

  it.each<[string, Partial<AuditSnapshot>, string[], string]>([
    ['no copy anywhere', { disk: [], s3: [] }, ['missing_file', 'missing_object'], 'no disk copy; no S3 copy'],
    [
      'two copies that both differ',
      { disk: [copy('a.jpg', B)], s3: [copy('a.jpg', B)] },
      ['disk_mismatch', 'object_mismatch'],
      'the disk copy differs from the database; the S3 copy differs from the database',
    ],
    ['no file and no mirror', { disk: [], s3: null }, ['missing_file'], 'no disk copy; no S3 mirror is configured'],
  ])('gives up on an image with %s', (_, overrides, kinds, state) => {
    const result = plan(snapshot(overrides));
    expect(result.actions).toEqual([]);
    expect(unrepairableOf(result)).toEqual(kinds.map((k) => `lost a.jpg ${k}`));
    for (const { reason } of result.unrepairable) {
      expect(reason).toBe(
        `no sound copy is left (${state}): restore the file from a backup, or delete the image from the set (the Dataset tab, or DELETE /api/actors/{id}/images/{imageId})`,
      );
    }
  });

  it('orders actions by file name, then kind', () => {
    const result = plan({
      actorId,
      images: [row('c.jpg'), row('a.jpg'), row('b.jpg')],
      manifest: { fileNames: [], isUpToDate: false },
      disk: [copy('a.jpg'), copy('b.jpg')],
      s3: [copy('c.jpg'), copy('b.jpg')],
    });
    expect(result.actions.map((a) => `${a.kind} ${a.fileName}`)).toEqual([
      'rewrite_manifest 0001_manifest.json',
      'upload a.jpg',
      'download c.jpg',
    ]);
  });
});

const NAMES = ['0001_a_1.jpg', '0001_a_2.jpg', '0001_a_3.jpg', '0001_a_4.jpg', '0001_a_5.jpg'];
// Two sizes and two hashes, so copies often match and often differ in just one of them.
const fingerprintArb = fc.record({ sizeBytes: fc.constantFrom(100, 200), sha256: fc.constantFrom('aa', 'bb') });
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const fileArb = fc.record({
  row: maybe(fingerprintArb),
  disk: maybe(fingerprintArb),
  s3: maybe(fingerprintArb),
  isListed: fc.boolean(),
});

const anySnapshot = fc
  .record({
    files: fc.tuple(...NAMES.map(() => fileArb)),
    hasMirror: fc.boolean(),
    manifest: fc.constantFrom('unreadable', 'isUpToDate', 'outdated'),
  })
  .map(({ files, hasMirror, manifest }): AuditSnapshot => {
    const named = files.map((file, i) => ({ ...file, name: NAMES[i]! }));
    const copies = (place: 'disk' | 's3') =>
      named.flatMap((f) => (f[place] === undefined ? [] : [copy(f.name, f[place])]));
    return {
      actorId,
      images: named.flatMap((f) => (f.row === undefined ? [] : [row(f.name, f.row)])),
      manifest:
        manifest === 'unreadable'
          ? { unreadable: 'not JSON' }
          : { fileNames: named.filter((f) => f.isListed).map((f) => f.name), isUpToDate: manifest === 'isUpToDate' },
      disk: copies('disk'),
      s3: hasMirror ? copies('s3') : null,
    };
  });

const consistentSnapshot = fc
  .record({ rows: fc.tuple(...NAMES.map(() => maybe(fingerprintArb))), hasMirror: fc.boolean() })
  .map(({ rows, hasMirror }): AuditSnapshot => {
    const images = rows.flatMap((fp, i) => (fp === undefined ? [] : [row(NAMES[i]!, fp)]));
    const copies = images.map((image) => copy(image.fileName, image));
    const fileNames = images.map((image) => image.fileName);
    return { actorId, images, manifest: { fileNames, isUpToDate: true }, disk: copies, s3: hasMirror ? copies : null };
  });

/** Carries out a plan the way the adapters will: copy what is there, whatever it holds. */
function applyPlan(s: AuditSnapshot, p: RepairPlan): AuditSnapshot {
  let { disk, s3, manifest } = s;
  const put = (into: readonly StoredCopy[], from: readonly StoredCopy[] | null, fileName: string) => {
    const source = from?.find((c) => c.fileName === fileName);
    if (source === undefined) throw new Error(`nothing to copy for ${fileName}`);
    return [...into.filter((c) => c.fileName !== fileName), source];
  };
  for (const action of p.actions) {
    if (action.kind === 'download') disk = put(disk, s3, action.fileName);
    else if (action.kind === 'upload') s3 = put(s3 ?? [], disk, action.fileName);
    else manifest = { fileNames: s.images.map((image) => image.fileName), isUpToDate: true };
  }
  return { ...s, disk, s3, manifest };
}

describe('planRepair properties', () => {
  it('finds nothing to do when all four sources agree', () => {
    fc.assert(
      fc.property(consistentSnapshot, (s) => {
        const report = auditDataset(s);
        expect(report.isHealthy).toBe(true);
        expect(planRepair(report, s)).toEqual({ actions: [], unrepairable: [] });
      }),
    );
  });

  it('leaves only orphans and lost images once its plan is carried out', () => {
    fc.assert(
      fc.property(anySnapshot, (s) => {
        const p = plan(s);
        const after = auditDataset(applyPlan(s, p));
        expect(after.findings).toEqual(p.unrepairable.map((u) => u.finding));
        for (const u of p.unrepairable) {
          const isOrphan = u.finding.kind === 'orphan_file' || u.finding.kind === 'orphan_object';
          expect(u.cause).toBe(isOrphan ? 'orphan' : 'lost');
        }
      }),
    );
  });

  it('only writes, never to an orphan, and accounts for every finding exactly once', () => {
    fc.assert(
      fc.property(anySnapshot, (s) => {
        const report = auditDataset(s);
        const p = planRepair(report, s);
        const rowNames = new Set(s.images.map((image) => image.fileName));
        for (const action of p.actions) {
          expect(['download', 'upload', 'rewrite_manifest']).toContain(action.kind);
          if (action.kind !== 'rewrite_manifest') expect(rowNames.has(action.fileName)).toBe(true);
        }
        const accounted = [...p.actions.flatMap((a) => a.fixes), ...p.unrepairable.map((u) => u.finding)];
        expect(new Set(accounted).size).toBe(accounted.length);
        expect(new Set(accounted)).toEqual(new Set(report.findings));
      }),
    );
  });

  it('restores every unsound copy that has a sound twin with exactly one action, from that twin', () => {
    fc.assert(
      fc.property(anySnapshot, (s) => {
        const p = plan(s);
        for (const image of s.images) {
          const isDiskSound = isSoundCopy(
            s.disk.find((c) => c.fileName === image.fileName),
            image,
          );
          const isS3Sound =
            s.s3 !== null &&
            isSoundCopy(
              s.s3.find((c) => c.fileName === image.fileName),
              image,
            );
          const expected =
            isS3Sound && !isDiskSound ? ['download'] : isDiskSound && s.s3 !== null && !isS3Sound ? ['upload'] : [];
          expect(p.actions.filter((a) => a.fileName === image.fileName).map((a) => a.kind)).toEqual(expected);
        }
      }),
    );
  });

  it('does not depend on the order of its inputs', () => {
    fc.assert(
      fc.property(anySnapshot, (s) => {
        const reversed: AuditSnapshot = {
          ...s,
          images: [...s.images].reverse(),
          disk: [...s.disk].reverse(),
          s3: s.s3 && [...s.s3].reverse(),
        };
        expect(plan(reversed)).toEqual(plan(s));
        expect(auditDataset(reversed)).toEqual(auditDataset(s));
      }),
    );
  });
});
