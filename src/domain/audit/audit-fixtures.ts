// Test fixtures for the audit's tests: an image row and stored copies with chosen fingerprints.
import { parseActorId } from '../actors/actor-id.js';
import type { ImageRecord } from '../images/image-record.js';
import type { AuditSnapshot, Fingerprint, StoredCopy } from './audit-snapshot.js';

export const actorId = parseActorId('0001_european_20_female');
export const A: Fingerprint = { sizeBytes: 300, sha256: 'aa'.repeat(32) };
export const B: Fingerprint = { sizeBytes: 300, sha256: 'bb'.repeat(32) };

export function row(fileName: string, fingerprint: Fingerprint = A): ImageRecord {
  return {
    ...{ id: `img_${fileName}`, actorId, fileName, number: null, type: null, prompt: null, promptId: null },
    ...{ s3Url: null, generatedAt: '', generatedBy: 'troupe', jobId: null, attemptId: null, width: 1, height: 1 },
    ...fingerprint,
  };
}

export const copy = (fileName: string, fingerprint: Fingerprint = A): StoredCopy => ({ fileName, ...fingerprint });

/** One image, and every source agreeing about it, unless overridden. */
export function snapshot(overrides: Partial<AuditSnapshot> = {}): AuditSnapshot {
  return {
    actorId,
    images: [row('a.jpg')],
    manifest: { fileNames: ['a.jpg'], isUpToDate: true },
    disk: [copy('a.jpg')],
    s3: [copy('a.jpg')],
    ...overrides,
  };
}
