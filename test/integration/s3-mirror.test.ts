import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3BlobStore } from '../../src/adapters/storage/s3/s3-blob-store.js';
import { parseActorId } from '../../src/domain/actors/actor-id.js';
import { trainingFolderKey, trainingImageKey } from '../../src/domain/actors/dataset-layout.js';
import { startS3rver, type S3rverProcess } from '../support/s3rver-process.js';
import {
  ACTOR_ID,
  addTestActor,
  generate,
  openTestTroupe,
  readManifest,
  removeTestTroupe,
  trainingFiles,
  type TestTroupe,
} from '../support/test-troupe.js';

let server: S3rverProcess;
beforeAll(async () => {
  server = await startS3rver();
});
afterAll(async () => {
  await server.stop();
});

const actorId = parseActorId(ACTOR_ID);
let prefixes = 0;

/** A Troupe mirroring to the test server under a prefix of its own, so tests never see each other's objects. */
async function openMirrored(env: Record<string, string> = {}): Promise<{ t: TestTroupe; s3: S3BlobStore }> {
  const prefix = `run-${(prefixes += 1)}-${Date.now()}`;
  const t = await openTestTroupe({
    env: {
      S3_BUCKET: server.bucket,
      S3_PREFIX: prefix,
      S3_ENDPOINT: server.endpoint,
      S3_FORCE_PATH_STYLE: 'true',
      AWS_ACCESS_KEY: 'S3RVER',
      AWS_ACCESS_SECRET: 'S3RVER',
      ...env,
    },
  });
  await addTestActor(t);
  return { t, s3: new S3BlobStore(server.settings({ prefix })) };
}

async function objectNames(s3: S3BlobStore): Promise<string[]> {
  return s3.list(trainingFolderKey(actorId));
}

describe('S3 mirror against a real S3 server', () => {
  it('a job leaves disk, S3, database and manifest identical, and the audit says so', async () => {
    const { t, s3 } = await openMirrored();
    try {
      const job = await generate(t, { count: 4, scenario: 'perfect' });
      expect(job.status).toBe('completed');
      const files = await trainingFiles(t);
      expect(await objectNames(s3)).toEqual(files);
      for (const image of await t.troupe.listImages(actorId)) {
        expect(image.s3Url).toBe(s3.urlFor(trainingImageKey(actorId, image.fileName)));
        expect(await s3.stat(trainingImageKey(actorId, image.fileName))).toEqual({
          sizeBytes: image.sizeBytes,
          sha256: image.sha256,
        });
      }
      const manifest = await readManifest(t);
      expect(Object.values(manifest.images).map((entry) => entry.s3_url)).toEqual(
        files.map((f) => s3.urlFor(trainingImageKey(actorId, f))),
      );
      const audit = await t.troupe.auditActor(ACTOR_ID);
      expect(audit.report).toMatchObject({ isHealthy: true, findings: [] });
      expect(audit.report.counts).toEqual({ rows: 4, manifestEntries: 4, diskFiles: 4, s3Objects: 4 });
    } finally {
      await removeTestTroupe(t);
    }
  });

  it('deleting an image removes it from S3, disk, database and manifest', async () => {
    const { t, s3 } = await openMirrored();
    try {
      await generate(t, { count: 3, scenario: 'perfect' });
      const [first] = await t.troupe.listImages(actorId);
      const deleted = await t.troupe.deleteImage(actorId, first!.id);
      expect(deleted.isDeletedFromMirror).toBe(true);
      expect(await objectNames(s3)).toEqual(await trainingFiles(t));
      expect(await objectNames(s3)).not.toContain(first!.fileName);
      expect((await t.troupe.auditActor(ACTOR_ID)).report.isHealthy).toBe(true);
    } finally {
      await removeTestTroupe(t);
    }
  });

  it('S3 down mid-job: the job goes on, images stay on disk pending, it says so once, and sync uploads them', async () => {
    const { t, s3 } = await openMirrored();
    const warnings: string[] = [];
    t.troupe.deps.events.subscribe((event) => {
      if (event.type === 'mirror.unavailable') warnings.push(event.message);
    });
    try {
      const first = await generate(t, { count: 2, scenario: 'perfect' });
      expect((await t.troupe.listImages(actorId)).filter((i) => i.s3Url !== null)).toHaveLength(first.completedImages);
      await server.stop();
      const job = await generate(t, { count: 4, scenario: 'perfect' });
      expect(job).toMatchObject({ status: 'completed', completedImages: 4 });
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/Could not upload to s3:\/\/troupe-test\/run-\d+-\d+\/ \(.*S3_ENDPOINT.*\)/);
      expect(warnings[0]).toMatch(/Run `troupe sync` once S3 is back/);
      expect(job.finishReason).toMatch(/4 of its images are kept on disk but pending upload/);
      const images = await t.troupe.listImages(actorId);
      expect(images.filter((i) => i.s3Url === null)).toHaveLength(4);
      expect(await trainingFiles(t)).toHaveLength(6);
      const manifest = await readManifest(t);
      expect(Object.values(manifest.images).filter((e) => e.s3_url === null)).toHaveLength(4);

      const refused = await t.troupe.syncMirror();
      expect(refused).toMatchObject({ uploaded: 0, pending: 4 });

      await server.restart();
      expect(await t.troupe.syncMirror()).toMatchObject({ uploaded: 4, pending: 0 });
      expect(await objectNames(s3)).toEqual(await trainingFiles(t));
      expect((await t.troupe.listImages(actorId)).every((i) => i.s3Url !== null)).toBe(true);
      expect((await t.troupe.auditActor(ACTOR_ID)).report.isHealthy).toBe(true);
    } finally {
      await server.restart().catch(() => undefined);
      await removeTestTroupe(t);
    }
  });

  it('wrong credentials: doctor names the setting to fix, and a job keeps its images pending', async () => {
    const { t } = await openMirrored({ AWS_ACCESS_KEY: 'WRONG', AWS_ACCESS_SECRET: 'WRONG' });
    try {
      const report = await t.troupe.doctor();
      expect(report.ok).toBe(false);
      const failed = report.checks.filter((c) => !c.ok);
      expect(failed[0]?.name).toBe('S3 credentials');
      expect(failed[0]?.detail).toMatch(/AWS_ACCESS_KEY_ID/);
      const job = await generate(t, { count: 2, scenario: 'perfect' });
      expect(job.completedImages).toBe(2);
      expect((await t.troupe.listImages(actorId)).every((i) => i.s3Url === null)).toBe(true);
    } finally {
      await removeTestTroupe(t);
    }
  });

  it('doctor passes with a healthy mirror', async () => {
    const { t } = await openMirrored();
    try {
      const report = await t.troupe.doctor();
      expect(report.checks.map((c) => [c.name, c.ok])).toEqual([
        ['data directory', true],
        ['database', true],
        ['provider', true],
        ['S3 reachable', true],
        ['S3 credentials', true],
        ['S3 bucket', true],
        ['S3 writable', true],
        ['S3 pending uploads', true],
      ]);
    } finally {
      await removeTestTroupe(t);
    }
  });

  it('an object or a file deleted behind Troupe’s back: the audit finds it, repair restores it, orphans are left', async () => {
    const { t, s3 } = await openMirrored();
    try {
      await generate(t, { count: 3, scenario: 'perfect' });
      const [a, b] = await t.troupe.listImages(actorId);
      await s3.delete(trainingImageKey(actorId, a!.fileName));
      await rm(path.join(t.dataDir, 'actors', ACTOR_ID, 'training_data', b!.fileName));
      await s3.put(trainingImageKey(actorId, 'stray.jpg'), new Uint8Array([1, 2, 3]));

      const audit = await t.troupe.auditActor(ACTOR_ID);
      expect(audit.report.findings.map((f) => [f.kind, f.fileName])).toEqual(
        [
          ['missing_object', a!.fileName],
          ['missing_file', b!.fileName],
          ['orphan_object', 'stray.jpg'],
        ].sort((x, y) => (x[1]! < y[1]! ? -1 : 1)),
      );
      const repaired = await t.troupe.repairActor(ACTOR_ID);
      expect(repaired.applied.map((r) => r.kind).sort()).toEqual(['download', 'upload']);
      expect(repaired.after.report.findings.map((f) => f.kind)).toEqual(['orphan_object']);
      expect(await s3.stat(trainingImageKey(actorId, a!.fileName))).toEqual({
        sizeBytes: a!.sizeBytes,
        sha256: a!.sha256,
      });
      expect(await trainingFiles(t)).toContain(b!.fileName);
      // Never deletes: the stray object may be someone's only copy.
      expect(await objectNames(s3)).toContain('stray.jpg');
    } finally {
      await removeTestTroupe(t);
    }
  });

  it('a balance run deletes from S3 and local disk, tops up with uploads, and leaves every store identical', async () => {
    const { t, s3 } = await openMirrored();
    try {
      await generate(t, { types: 'photorealistic=5', scenario: 'perfect' });
      const planned = await t.troupe.planBalance({
        actorId: ACTOR_ID,
        target: 'photorealistic=3,bw_stylized=2,color_stylized=0',
      });
      expect(planned.plan.deletions).toHaveLength(2);
      const log: string[] = [];
      const executed = await t.troupe.executeBalance(planned, { providerOptions: { scenario: 'perfect' } }, (line) =>
        log.push(line),
      );
      const deleted = planned.plan.deletions.map((d) => d.entry.image.fileName);
      for (const file of deleted) {
        expect(log).toContain(`✓ Deleted from S3: ${file}`);
        expect(log.some((line) => line.startsWith(`✓ Deleted local file: ${file} (`))).toBe(true);
      }
      await t.clock.runUntil(t.troupe.runJob(executed.job!.id, { owner: t.owner }));
      const files = await trainingFiles(t);
      expect(files).toHaveLength(5);
      expect(await objectNames(s3)).toEqual(files);
      for (const file of deleted) expect(files).not.toContain(file);
      const audit = await t.troupe.auditActor(ACTOR_ID);
      expect(audit.report.isHealthy).toBe(true);
      expect(audit.report.counts).toEqual({ rows: 5, manifestEntries: 5, diskFiles: 5, s3Objects: 5 });
    } finally {
      await removeTestTroupe(t);
    }
  });
});
