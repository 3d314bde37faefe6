import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3BlobStore } from '../../src/adapters/storage/s3/s3-blob-store.js';
import { parseActorId } from '../../src/domain/actors/actor-id.js';
import { trainingImageKey } from '../../src/domain/actors/dataset-layout.js';
import {
  makeWorkspace,
  removeWorkspace,
  runTroupe,
  writePortraitPng,
  type TroupeResult,
  type Workspace,
} from '../support/run-troupe.js';
import { startS3rver, type S3rverProcess } from '../support/s3rver-process.js';

const ACTOR = '0001_european_20_female';
const actorId = parseActorId(ACTOR);

let server: S3rverProcess;
const workspaces: Workspace[] = [];
beforeAll(async () => {
  server = await startS3rver();
});
afterAll(async () => {
  for (const ws of workspaces) await removeWorkspace(ws);
  await server.stop();
});

let runs = 0;
async function mirroredWorkspace(env: Record<string, string> = {}): Promise<{ ws: Workspace; s3: S3BlobStore }> {
  const prefix = `cli-${(runs += 1)}-${Date.now()}`;
  const ws = await makeWorkspace({
    S3_BUCKET: server.bucket,
    S3_PREFIX: prefix,
    S3_ENDPOINT: server.endpoint,
    S3_FORCE_PATH_STYLE: 'true',
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    ...env,
  });
  workspaces.push(ws);
  const png = await writePortraitPng(path.join(ws.root, 'base.png'));
  expectExit(await runTroupe(ws, ['actors', 'add', ACTOR, '--base-image', png, '--descriptor', 'woman']), 0);
  return { ws, s3: new S3BlobStore(server.settings({ prefix })) };
}

function expectExit(result: TroupeResult, code: number): void {
  expect(result.code, `stdout:\n${result.stdout}\nstderr:\n${result.stderr}`).toBe(code);
}

describe('troupe audit, sync and doctor with an S3 mirror, real binary', () => {
  it('audit finds what was lost behind its back, --repair restores it from the sound copy, and audit agrees', async () => {
    const { ws, s3 } = await mirroredWorkspace();
    expectExit(await runTroupe(ws, ['generate', '--actor-id', ACTOR, '--count', '3', '--scenario', 'perfect']), 0);
    const healthy = await runTroupe(ws, ['audit']);
    expectExit(healthy, 0);
    expect(healthy.stderr).toBe('');
    expect(healthy.stdout).toContain(
      `Audit of ${ACTOR}: healthy (3 in the database, 3 in the manifest, 3 on disk, 3 in S3)`,
    );

    await s3.delete(trainingImageKey(actorId, `${ACTOR}_1.jpg`));
    await rm(path.join(ws.dataDir, 'actors', ACTOR, 'training_data', `${ACTOR}_2.jpg`));
    const broken = await runTroupe(ws, ['audit', '--actor-id', ACTOR]);
    expectExit(broken, 1);
    expect(broken.stdout).toContain(`Audit of ${ACTOR}: 2 problem(s)`);
    expect(broken.stdout).toMatch(new RegExp(`${ACTOR}_1\\.jpg +in the database but not in S3 +repair: upload`));
    expect(broken.stdout).toMatch(new RegExp(`${ACTOR}_2\\.jpg +in the database but not on disk +repair: download`));

    const repaired = await runTroupe(ws, ['audit', '--repair']);
    console.info(`audit before and after a repair:\n${broken.stdout}\n${repaired.stdout}`);
    expectExit(repaired, 0);
    expect(repaired.stdout).toContain(`✓ upload ${ACTOR}_1.jpg`);
    expect(repaired.stdout).toContain(`✓ download ${ACTOR}_2.jpg`);
    expect(repaired.stdout).toContain(`After repair of ${ACTOR}: healthy`);
    expectExit(await runTroupe(ws, ['audit']), 0);
  });

  it('S3 down during generate: one warning, images kept pending; sync fails until S3 is back, then uploads them', async () => {
    const { ws } = await mirroredWorkspace();
    await server.stop();
    try {
      const generated = await runTroupe(ws, ['generate', '--actor-id', ACTOR, '--count', '3', '--scenario', 'perfect']);
      expectExit(generated, 0);
      expect(generated.stdout.match(/^Warning: Could not upload to s3:\/\//gm)).toHaveLength(1);
      expect(generated.stdout).toMatch(/3 of its images are kept on disk but pending upload/);
      const doctor = await runTroupe(ws, ['doctor']);
      expectExit(doctor, 1);
      expect(doctor.stdout).toMatch(/S3 reachable +FAILED +.*S3_ENDPOINT/);
      const early = await runTroupe(ws, ['sync']);
      expectExit(early, 1);
      expect(early.stdout).toContain('Uploaded 0 images; 3 still pending.');
    } finally {
      await server.restart();
    }
    const synced = await runTroupe(ws, ['sync']);
    expectExit(synced, 0);
    expect(synced.stdout).toContain('Uploaded 3 images; 0 still pending.');
    expectExit(await runTroupe(ws, ['audit']), 0);
    const doctor = await runTroupe(ws, ['doctor']);
    expectExit(doctor, 0);
    expect(doctor.stdout).toContain('All checks passed.');
  });

  it('balance --execute while S3 is down says "upload pending", and deletes a never-uploaded image without calling it an S3 orphan', async () => {
    const { ws } = await mirroredWorkspace();
    await server.stop();
    try {
      expectExit(await runTroupe(ws, ['generate', '--actor-id', ACTOR, '--count', '3', '--scenario', 'perfect']), 0);
      const balanced = await runTroupe(ws, [
        'balance',
        '--actor-id',
        ACTOR,
        '--execute',
        '--target',
        'photorealistic=3,bw_stylized=0,color_stylized=0',
        '--scenario',
        'perfect',
      ]);
      expectExit(balanced, 0);
      expect(balanced.stdout).toMatch(/^- Not in S3 \(it was never uploaded\): /m);
      expect(balanced.stdout).toMatch(/^✓ Deleted local file: /m);
      expect(balanced.stdout).not.toMatch(/orphan/);
      expect(balanced.stdout).toMatch(
        /^✓ Generated, upload pending: \S+\.jpg \(S3 is unavailable; troupe sync uploads it\)$/m,
      );
      expect(balanced.stdout).not.toContain('Generated and uploaded');
    } finally {
      await server.restart();
    }
    const synced = await runTroupe(ws, ['sync']);
    expectExit(synced, 0);
    expectExit(await runTroupe(ws, ['audit']), 0);
  });

  it('doctor names the credentials to fix when S3 refuses them', async () => {
    const { ws } = await mirroredWorkspace({ AWS_ACCESS_KEY_ID: 'WRONG', AWS_SECRET_ACCESS_KEY: 'WRONG' });
    const doctor = await runTroupe(ws, ['doctor']);
    expectExit(doctor, 1);
    expect(doctor.stdout).toMatch(/S3 credentials +FAILED +.*AWS_ACCESS_KEY_ID/);
    expect(doctor.stdout).toContain('Some checks failed');
  });

  it('refuses half a key pair, naming both settings', async () => {
    const ws = await makeWorkspace({ S3_BUCKET: server.bucket, AWS_ACCESS_KEY_ID: 'S3RVER' });
    workspaces.push(ws);
    const result = await runTroupe(ws, ['doctor']);
    expectExit(result, 2);
    expect(result.stderr).toMatch(/set both AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/);
  });
});
