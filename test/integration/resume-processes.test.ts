/**
 * Restarts between real processes: a `troupe generate` killed with SIGKILL mid-job, then `troupe jobs resume` or
 * `troupe serve` on the same data dir. The killed process's lease still has ~30 s to run.
 */
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  killStrayTroupes,
  makeWorkspace,
  removeWorkspace,
  runTroupe,
  startTroupe,
  withDb,
  writePortraitPng,
  type Workspace,
} from '../support/run-troupe.js';

vi.setConfig({ testTimeout: 120_000 });

const ACTOR = '0001_resume_woman';
let workspaces: Workspace[] = [];
afterEach(async () => {
  killStrayTroupes();
  for (const ws of workspaces) await removeWorkspace(ws);
  workspaces = [];
});

interface JobRow {
  readonly id: string;
  readonly status: string;
  readonly completed_images: number;
  readonly lease_owner: string | null;
  readonly lease_until: string | null;
}

function jobRow(ws: Workspace): JobRow {
  return withDb(ws.dbFile, (db) => db.prepare('SELECT * FROM generation_jobs').get()) as JobRow;
}

/** A workspace with one actor and a 6-image job killed (SIGKILL) while its attempts were in flight. */
async function killedMidJob(): Promise<Workspace> {
  const ws = await makeWorkspace({ TROUPE_SIM_LATENCY_MS: '300-600' });
  workspaces.push(ws);
  const base = await writePortraitPng(path.join(ws.root, 'base.png'));
  expect((await runTroupe(ws, ['actors', 'add', ACTOR, '--base-image', base])).code).toBe(0);
  const running = startTroupe(ws, ['generate', '--actor-id', ACTOR, '--count', '6', '--concurrency', '2']);
  await running.waitFor(/Attempt 1\//);
  running.child.kill('SIGKILL');
  await running.done;
  const job = jobRow(ws);
  expect(job.status).toBe('processing');
  expect(job.completed_images).toBeLessThan(6);
  expect(Date.parse(job.lease_until!)).toBeGreaterThan(Date.now() + 5_000);
  return ws;
}

/** Polls the job row until it ends (the server runs it in the background). */
async function untilJobEnds(ws: Workspace, timeoutMs: number): Promise<JobRow> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = jobRow(ws);
    if (['completed', 'failed', 'canceled'].includes(job.status) || Date.now() > deadline) return job;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('restarts resume (real processes)', () => {
  it('troupe jobs resume takes over at once from a process on this host that is gone', async () => {
    const ws = await killedMidJob();
    const job = jobRow(ws);
    const resumed = await runTroupe(ws, ['jobs', 'resume', job.id]);
    expect(resumed.stderr).not.toMatch(/being run by another process/);
    expect(resumed.code).toBe(0);
    expect(jobRow(ws)).toMatchObject({ status: 'completed', completed_images: 6, lease_owner: null });
  });

  it('troupe serve started right after the crash finishes the job, without waiting for the lease', async () => {
    const ws = await killedMidJob();
    const server = startTroupe(ws, ['serve', '--port', '0'], { timeoutMs: 90_000 });
    await server.waitFor(/Troupe is running at/, { timeoutMs: 60_000 });
    const job = await untilJobEnds(ws, 60_000);
    expect(job).toMatchObject({ status: 'completed', completed_images: 6 });
    server.child.kill('SIGINT');
    await server.done;
  });

  it('troupe serve waits for a claim held on another host and takes the job once the lease lapses', async () => {
    const ws = await killedMidJob();
    // Long enough for a slow start of serve on a busy machine to still find the claim held.
    const lapsesAt = Date.now() + 8_000;
    withDb(
      ws.dbFile,
      (db) =>
        db
          .prepare('UPDATE generation_jobs SET lease_owner = ?, lease_until = ?')
          .run('another-host:4242:zz', new Date(lapsesAt).toISOString()),
      { isWritable: true },
    );
    const server = startTroupe(ws, ['serve', '--port', '0'], { timeoutMs: 90_000 });
    await server.waitFor(/Troupe is running at/, { timeoutMs: 60_000 });
    expect(jobRow(ws).lease_owner).toBe('another-host:4242:zz');
    const job = await untilJobEnds(ws, 60_000);
    expect(job).toMatchObject({ status: 'completed', completed_images: 6 });
    const finishedAt = withDb(ws.dbFile, (db) => db.prepare('SELECT finished_at FROM generation_jobs').get()) as {
      finished_at: string;
    };
    expect(Date.parse(finishedAt.finished_at)).toBeGreaterThanOrEqual(lapsesAt);
    server.child.kill('SIGINT');
    await server.done;
  });
});
