import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { afterAll, describe, expect, it } from 'vitest';
import { AttemptSchema, JobSchema } from '../../src/interfaces/http/schemas.js';
import {
  killStrayTroupes,
  makeWorkspace,
  removeWorkspace,
  runTroupe,
  withDb,
  writePortraitPng,
  type TroupeResult,
  type Workspace,
} from '../support/run-troupe.js';

const ACTOR = '0001_european_20_female';
const workspaces: Workspace[] = [];

afterAll(async () => {
  killStrayTroupes();
  for (const ws of workspaces) await removeWorkspace(ws);
});

async function workspaceWithActor(): Promise<Workspace> {
  const ws = await makeWorkspace();
  workspaces.push(ws);
  const png = await writePortraitPng(path.join(ws.root, 'base.png'));
  expectExit(await runTroupe(ws, ['actors', 'add', ACTOR, '--base-image', png]), 0);
  return ws;
}

function expectExit(result: TroupeResult, code: number): void {
  expect(result.code, `stdout:\n${result.stdout}\nstderr:\n${result.stderr}`).toBe(code);
}

function jobIdIn(stdout: string): string {
  const id = /^Job (job_[0-9a-z]+)/m.exec(stdout)?.[1];
  if (id === undefined) throw new Error(`no job id in:\n${stdout}`);
  return id;
}

const generate = (...args: string[]) => ['generate', '--actor-id', ACTOR, ...args];

describe('outcomes through the real binary', { timeout: 120_000 }, () => {
  it('a cost cap too low is refused, naming the cap to raise (exit 2); with --yes the job ends "partial: 3/5", exit 0', async () => {
    const ws = await workspaceWithActor();
    const args = generate('--count', '5', '--scenario', 'perfect', '--cost-cap', '0.12');
    const refused = await runTroupe(ws, args);
    expectExit(refused, 2);
    expect(refused.stderr).toMatch(
      /^Error: The odds of reaching 5 images are 0\.00%, below the early-stop threshold of 1\.00%, before a single attempt: raise --cost-cap from \$0\.12 \(3 attempts\) to at least \$0\.20 \(5 attempts\)/,
    );
    expect(refused.stderr).toContain('pass --yes');
    expect(withDb(ws.dbFile, (db) => db.prepare('SELECT count(*) AS n FROM generation_jobs').get())).toEqual({ n: 0 });

    const dryRun = await runTroupe(ws, [...args, '--dry-run']);
    expectExit(dryRun, 0);
    expect(dryRun.stdout).toMatch(/^Would not start without --yes: The odds of reaching 5 images/m);

    const partial = await runTroupe(ws, [...args, '--yes']);
    expectExit(partial, 0);
    expect(partial.stdout).toMatch(/^Job job_\w+ partial: 3\/5 images in 3 attempts/m);
    const jobId = jobIdIn(partial.stdout);

    const list = await runTroupe(ws, ['jobs', 'list']);
    expect(list.stdout).toMatch(new RegExp(`${jobId} +${ACTOR} +partial: 3/5`));
    const show = await runTroupe(ws, ['jobs', 'show', jobId]);
    expect(show.stdout).toContain(`Job ${jobId} for ${ACTOR}: partial: 3/5`);
  });

  it('jobs list --json and jobs show --json print rows that parse, with status, partial, kept, attempts, spend, reason', async () => {
    const ws = await workspaceWithActor();
    const full = await runTroupe(ws, generate('--count', '2', '--scenario', 'perfect'));
    expectExit(full, 0);
    const failed = await runTroupe(
      ws,
      generate('--count', '2', '--scenario', 'broken', '--max-attempts', '4', '--yes'),
    );
    expectExit(failed, 1);
    expect(failed.stdout).toMatch(/^Job job_\w+ failed: 0\/2 images in 4 attempts/m);

    const listed = await runTroupe(ws, ['jobs', 'list', '--json']);
    expectExit(listed, 0);
    const { jobs } = z.object({ jobs: z.array(JobSchema) }).parse(JSON.parse(listed.stdout));
    expect(jobs.map((j) => [j.status, j.partial, j.completedImages, j.currentAttempt])).toEqual([
      ['completed', false, 2, 2],
      ['failed', false, 0, 4],
    ]);
    expect(jobs[1]!.finishReason).toMatch(/^No image was generated: all 4 attempts were used/);
    expect(jobs[0]!.spendUsd).toBe(0.08);

    const shown = await runTroupe(ws, ['jobs', 'show', jobIdIn(failed.stdout), '--json']);
    expectExit(shown, 0);
    const body = z.object({ job: JobSchema, attempts: z.array(AttemptSchema) }).parse(JSON.parse(shown.stdout));
    expect(body.job.status).toBe('failed');
    expect(body.attempts.map((a) => a.status)).toEqual(['failed', 'failed', 'failed', 'failed']);
  });

  it('--mode seed says "seed mode", and one image reads "1 image"', async () => {
    const ws = await workspaceWithActor();
    const result = await runTroupe(ws, generate('--count', '1', '--scenario', 'perfect', '--mode', 'seed'));
    expectExit(result, 0);
    expect(result.stdout).toMatch(/^Job job_\w+: 1 image for /m);
    expect(result.stdout).toMatch(/^Retry plan: seed mode, up to 5 attempts, 1 at a time/m);
    expect(result.stdout).toMatch(/at most \$0\.04 for the 1 image kept; no cost cap/);
    expect(result.stdout).toMatch(/completed: 1\/1 images in 1 attempt, /);
    expect(result.stdout).not.toMatch(/(?<![/\d.])1 (images|attempts)\b/);
    const shown = await runTroupe(ws, ['jobs', 'show', jobIdIn(result.stdout), '--json']);
    expect(JSON.parse(shown.stdout)).toMatchObject({ job: { mode: 'seed' } });
  });
});

describe('troupe images delete', { timeout: 120_000 }, () => {
  it('refuses without --yes off a terminal, deletes with it, and the number is never given again', async () => {
    const ws = await workspaceWithActor();
    expectExit(await runTroupe(ws, generate('--count', '3', '--scenario', 'perfect', '--mode', 'thrifty')), 0);
    const file = `${ACTOR}_3.jpg`;
    const onDisk = path.join(ws.dataDir, 'actors', ACTOR, 'training_data', file);

    const refused = await runTroupe(ws, ['images', 'delete', ACTOR, file]);
    expectExit(refused, 2);
    expect(refused.stderr).toMatch(/no terminal to ask on: pass --yes to confirm/);
    expect(existsSync(onDisk)).toBe(true);

    const missing = await runTroupe(ws, ['images', 'delete', ACTOR, `${ACTOR}_9.jpg`, '--yes']);
    expectExit(missing, 2);
    expect(missing.stderr).toContain(`Image ${ACTOR}_9.jpg of actor ${ACTOR} not found`);

    const deleted = await runTroupe(ws, ['images', 'delete', ACTOR, file, '--yes']);
    expectExit(deleted, 0);
    expect(deleted.stdout).toContain(`Deleted ${file} from disk, the database and the manifest.`);
    expect(existsSync(onDisk)).toBe(false);
    const manifest = JSON.parse(
      await import('node:fs/promises').then((fs) =>
        fs.readFile(path.join(ws.dataDir, 'actor_manifests', '0001_manifest.json'), 'utf8'),
      ),
    ) as { images: Record<string, unknown> };
    expect(Object.keys(manifest.images).sort()).toEqual([`${ACTOR}_1.jpg`, `${ACTOR}_2.jpg`]);

    const topUp = await runTroupe(ws, generate('--count', '1', '--scenario', 'perfect'));
    expectExit(topUp, 0);
    expect(topUp.stdout).toContain(`${ACTOR}_4.jpg`);
    expect(topUp.stdout).not.toContain(file);
  });
});
