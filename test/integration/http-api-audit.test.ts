import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { z } from '@hono/zod-openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORPHAN_REASON } from '../../src/domain/audit/repair-plan.js';
import { AuditSchema, HealthSchema, RepairSchema, SyncSchema } from '../../src/interfaces/http/schemas.js';
import { startS3rver, type S3rverProcess } from '../support/s3rver-process.js';
import { dataPath, expectError, expectJson, send, useTestHttp, type TestHttp } from '../support/test-http.js';
import { ACTOR_ID, addTestActor, generate, readManifest, trainingFiles } from '../support/test-troupe.js';

const AuditBody = z.object({ audit: AuditSchema });
const HealthBody = z.object({ health: HealthSchema });
const MANIFEST = '0001_manifest.json';
const LOST = /^no sound copy is left \(no disk copy; no S3 mirror is configured\): restore the file from a backup/;
const openHttp = useTestHttp();

/** A test app whose actor has `count` images from one finished job. */
async function withImages(count: number, env?: Record<string, string>): Promise<TestHttp> {
  const h = await openHttp({ env });
  await addTestActor(h.t);
  await generate(h.t, { count, scenario: 'perfect' });
  return h;
}

const audit = async (h: TestHttp) =>
  (await expectJson(await h.app.request(`/api/actors/${ACTOR_ID}/audit`), 200, AuditBody)).audit;

const repair = async (h: TestHttp) =>
  expectJson(await send(h.app, 'POST', `/api/actors/${ACTOR_ID}/audit/repair`), 200, RepairSchema);

const trainingPath = (h: TestHttp, fileName: string) => dataPath(h.t, 'actors', ACTOR_ID, 'training_data', fileName);

/** Deletes one training file from disk behind Troupe's back and returns its name. */
async function deleteFirstFile(h: TestHttp): Promise<string> {
  const [fileName] = await trainingFiles(h.t);
  await rm(trainingPath(h, fileName!));
  return fileName!;
}

const corruptManifest = (h: TestHttp) =>
  writeFile(dataPath(h.t, 'actor_manifests', MANIFEST), '{"images": {"0001_test_actor_1.jpg": ');

describe('GET /api/actors/{id}/audit', () => {
  it('finds a set healthy after a job, with a count per source and S3 off', async () => {
    const h = await withImages(3);
    expect(await audit(h)).toEqual({
      actorId: ACTOR_ID,
      isHealthy: true,
      counts: { rows: 3, manifestEntries: 3, diskFiles: 3, s3Objects: null },
      findings: [],
      jobsAtWork: 0,
      inProgress: [],
    });
    expect(h.loggedErrors).toEqual([]);
  });

  it('reports a file deleted from disk as lost (no S3 copy) and a stray file as an orphan; repair leaves both', async () => {
    const h = await withImages(3);
    const missing = await deleteFirstFile(h);
    const orphan = `${ACTOR_ID}_99.jpg`;
    await writeFile(trainingPath(h, orphan), new Uint8Array([1, 2, 3, 4, 5]));

    const report = await audit(h);
    expect(report.isHealthy).toBe(false);
    expect(report.counts).toEqual({ rows: 3, manifestEntries: 3, diskFiles: 3, s3Objects: null });
    expect(report.findings).toEqual([
      {
        kind: 'missing_file',
        fileName: missing,
        problem: 'in the database but not on disk',
        repair: null,
        leftBecause: expect.stringMatching(LOST),
      },
      {
        kind: 'orphan_file',
        fileName: orphan,
        problem: 'on disk but not in the database (5 bytes)',
        repair: null,
        leftBecause: ORPHAN_REASON,
      },
    ]);

    const repaired = await repair(h);
    expect(repaired.applied).toEqual([]);
    expect(repaired.failed).toEqual([]);
    expect(repaired.after).toEqual(repaired.before);
    expect(existsSync(trainingPath(h, orphan)), 'a repair never deletes').toBe(true);
  });

  it('reports an unreadable manifest with a rewrite as its repair, and the repair writes valid JSON again', async () => {
    const h = await withImages(3);
    await corruptManifest(h);

    const report = await audit(h);
    expect(report.counts.manifestEntries).toBeNull();
    expect(report.findings).toEqual([
      {
        kind: 'manifest_unreadable',
        fileName: MANIFEST,
        problem: expect.stringMatching(/^cannot be read \(not valid JSON/),
        repair: 'rewrite_manifest',
        leftBecause: null,
      },
    ]);

    const repaired = await repair(h);
    expect(repaired.before).toEqual(report);
    expect(repaired.applied).toEqual([{ kind: 'rewrite_manifest', fileName: MANIFEST }]);
    expect(repaired.failed).toEqual([]);
    expect(repaired.after).toMatchObject({ isHealthy: true, findings: [] });
    expect(repaired.after.counts.manifestEntries).toBe(3);
    const manifest = await readManifest(h.t);
    expect(Object.keys(manifest.images).sort()).toEqual(await trainingFiles(h.t));
    expect(await audit(h)).toEqual(repaired.after);
  });

  it('repairs the manifest and leaves the lost file listed, with why, when both went wrong', async () => {
    const h = await withImages(3);
    const missing = await deleteFirstFile(h);
    await corruptManifest(h);
    expect((await audit(h)).findings.map((f) => [f.kind, f.fileName])).toEqual([
      ['manifest_unreadable', MANIFEST],
      ['missing_file', missing],
    ]);

    const { applied, after } = await repair(h);
    expect(applied).toEqual([{ kind: 'rewrite_manifest', fileName: MANIFEST }]);
    expect(after.isHealthy).toBe(false);
    expect(after.counts).toEqual({ rows: 3, manifestEntries: 3, diskFiles: 2, s3Objects: null });
    expect(after.findings).toEqual([
      expect.objectContaining({
        kind: 'missing_file',
        fileName: missing,
        repair: null,
        leftBecause: expect.any(String),
      }),
    ]);
    // The database is the truth: the rewritten manifest still lists the image whose file is gone.
    expect(Object.keys((await readManifest(h.t)).images)).toContain(missing);
  });

  it('answers 404 for an unknown actor and 400 for a malformed id', async () => {
    const h = await openHttp();
    await expectError(await h.app.request('/api/actors/0009_nobody/audit'), 404, 'NOT_FOUND', /0009_nobody/);
    await expectError(await send(h.app, 'POST', '/api/actors/0009_nobody/audit/repair'), 404, 'NOT_FOUND');
    await expectError(await h.app.request('/api/actors/Bad%20Id/audit'), 400, 'INVALID_ACTOR_ID', /is invalid/);
    await expectError(await send(h.app, 'POST', '/api/actors/Bad%20Id/audit/repair'), 400, 'INVALID_ACTOR_ID');
    expect(h.loggedErrors).toEqual([]);
  });
});

describe('GET /api/doctor', () => {
  it('runs the doctor: data directory, database, provider and the S3 mirror (off)', async () => {
    const h = await openHttp();
    const { health } = await expectJson(await h.app.request('/api/doctor'), 200, HealthBody);
    expect(health.ok).toBe(true);
    expect(health.checks.map((c) => c.name)).toEqual(['data directory', 'database', 'provider', 'S3 mirror']);
    expect(health.checks.every((c) => c.ok)).toBe(true);
    expect(health.checks.find((c) => c.name === 'S3 mirror')?.detail).toMatch(/^off \(set S3_BUCKET/);
  });
});

describe('POST /api/sync', () => {
  it('refuses without an S3 mirror, naming S3_BUCKET, with or without a body', async () => {
    const h = await withImages(1);
    await expectError(await send(h.app, 'POST', '/api/sync'), 400, 'INVALID_CONFIG', /S3_BUCKET/);
    await expectError(await send(h.app, 'POST', '/api/sync', {}), 400, 'INVALID_CONFIG', /S3_BUCKET/);
    await expectError(await send(h.app, 'POST', '/api/sync', { actorId: ACTOR_ID }), 400, 'INVALID_CONFIG');
  });

  it('refuses a body with unknown fields', async () => {
    const h = await openHttp();
    await expectError(await send(h.app, 'POST', '/api/sync', { actor: ACTOR_ID }), 400, 'INVALID_INPUT', /actor/);
  });
});

describe('with an S3 mirror', () => {
  let server: S3rverProcess;
  let runs = 0;
  beforeAll(async () => {
    server = await startS3rver();
  });
  afterAll(() => server.stop());

  const mirrored = () =>
    withImages(2, {
      S3_BUCKET: server.bucket,
      S3_PREFIX: `http-audit-${(runs += 1)}-${Date.now()}`,
      S3_ENDPOINT: server.endpoint,
      S3_FORCE_PATH_STYLE: 'true',
      AWS_ACCESS_KEY: 'S3RVER',
      AWS_ACCESS_SECRET: 'S3RVER',
    });

  it('counts S3 objects and repairs a file missing from disk by downloading it', async () => {
    const h = await mirrored();
    expect((await audit(h)).counts).toEqual({ rows: 2, manifestEntries: 2, diskFiles: 2, s3Objects: 2 });
    const missing = await deleteFirstFile(h);
    expect((await audit(h)).findings).toEqual([
      {
        kind: 'missing_file',
        fileName: missing,
        problem: 'in the database but not on disk',
        repair: 'download',
        leftBecause: null,
      },
    ]);

    const repaired = await repair(h);
    expect(repaired.applied).toEqual([{ kind: 'download', fileName: missing }]);
    expect(repaired.after.isHealthy).toBe(true);
    expect(existsSync(trainingPath(h, missing))).toBe(true);
  });

  it('syncs with nothing pending, 404s an unknown actor, and the doctor checks the mirror', async () => {
    const h = await mirrored();
    expect(await expectJson(await send(h.app, 'POST', '/api/sync'), 200, SyncSchema)).toEqual({
      uploaded: 0,
      pending: 0,
      reason: null,
    });
    expect(await expectJson(await send(h.app, 'POST', '/api/sync', { actorId: ACTOR_ID }), 200, SyncSchema)).toEqual({
      uploaded: 0,
      pending: 0,
      reason: null,
    });
    await expectError(await send(h.app, 'POST', '/api/sync', { actorId: '0009_nobody' }), 404, 'NOT_FOUND');

    const { health } = await expectJson(await h.app.request('/api/doctor'), 200, HealthBody);
    expect(health.ok).toBe(true);
    expect(health.checks.map((c) => c.name)).toEqual(
      expect.arrayContaining(['data directory', 'database', 'provider', 'S3 pending uploads']),
    );
    expect(health.checks.filter((c) => c.name.startsWith('S3 ')).length).toBeGreaterThan(1);
  });
});

describe('an audit while a job runs', () => {
  it('counts the manifest being behind the running job as work, not a problem, until the job stops holding its claim', async () => {
    const h = await withImages(2);
    const job = await h.t.troupe.createJob({ actorId: ACTOR_ID, count: 3 });
    const now = h.t.clock.now();
    const jobs = h.t.troupe.deps.jobs;
    expect(await jobs.claim(job.id, h.t.owner, new Date(now).toISOString(), new Date(now + 10_000).toISOString())).toBe(
      true,
    );
    // What a running job's row looks like between two manifest rewrites: attempts counted, manifest not yet told.
    await jobs.update(job.id, { status: 'processing', startedAt: new Date(now).toISOString(), currentAttempt: 2 });
    const during = await audit(h);
    expect(during).toMatchObject({ isHealthy: true, findings: [], jobsAtWork: 1 });
    expect(during.inProgress.map((f) => f.kind)).toEqual(['manifest_outdated']);
    h.t.clock.advance(20_000);
    const lapsed = await audit(h);
    expect(lapsed).toMatchObject({ isHealthy: false, jobsAtWork: 0, inProgress: [] });
    expect(lapsed.findings.map((f) => f.kind)).toEqual(['manifest_outdated']);
  });
});
