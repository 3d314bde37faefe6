/**
 * Crash test: a real `troupe generate` on the fake Replicate is killed with SIGKILL at seeded moments, then
 * `troupe jobs resume` finishes the job. Each run is audited against the fake's bill: no prediction lost or paid twice,
 * and manifest = disk = database. CRASH_SEED picks another schedule; CRASH_KEEP_DATA=1 keeps the data dirs a failure
 * message names (otherwise they are removed after the test).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeReplicate } from '../fakes/fake-replicate/fake-replicate-server.js';
import {
  addTemplateActor,
  planCrashRuns,
  runCrashCase,
  writeCrashBaseImage,
  type CrashOutcome,
  type CrashPlan,
  type KillStage,
} from '../support/crash-run.js';
import { killStrayTroupes, removeWorkspace, type Workspace } from '../support/run-troupe.js';

const SEED = Number(process.env.CRASH_SEED ?? 20_240_611);
/** Seeded runs go on past the minimum until enough kills landed inside a job: how many do depends on machine speed. */
const MIN_RUNS = 20;
const MAX_RUNS = 30;
const MIN_KILLED_MID_JOB = 15;
const MID_JOB_STAGES: readonly KillStage[] = ['before-attempts', 'in-flight', 'storing', 'between-attempts'];

const workspaces: Workspace[] = [];
const fakes: FakeReplicate[] = [];
let imagesDir = '';
/** Data dirs with the actor added from a small base image (sent inline) and from a large one (files API). */
const templates: { small?: Workspace; large?: Workspace } = {};

beforeAll(async () => {
  imagesDir = await mkdtemp(path.join(os.tmpdir(), 'troupe-crash-'));
  const [small, large] = await Promise.all([
    writeCrashBaseImage(path.join(imagesDir, 'small.png'), false).then(addTemplateActor),
    writeCrashBaseImage(path.join(imagesDir, 'large.png'), true).then(addTemplateActor),
  ]);
  workspaces.push(small, large);
  Object.assign(templates, { small, large });
});

afterAll(async () => {
  killStrayTroupes();
  await Promise.all(fakes.map((fake) => fake.close()));
  if (process.env.CRASH_KEEP_DATA === undefined) await Promise.all(workspaces.map(removeWorkspace));
  await rm(imagesDir, { recursive: true, force: true });
});

function scriptText(plan: CrashPlan): string {
  return JSON.stringify(plan.script, (_key, value: unknown) => (value instanceof RegExp ? String(value) : value));
}

function describeRun(outcome: CrashOutcome): string {
  const { plan, stage, jobId, resume, job } = outcome;
  return [
    `run ${plan.run} (seed ${SEED}, kill ${plan.killAfterMs} ms after the ${plan.killFrom}, ${plan.isLargeBase ? 'large' : 'small'} base, script ${scriptText(plan)})`,
    `stage ${stage}, job ${jobId ?? '-'} ${JSON.stringify(job)}, data dir ${outcome.dataDir}`,
    resume ? `resume exit ${resume.code}\nstdout:\n${resume.stdout}\nstderr:\n${resume.stderr}` : 'no resume',
  ].join('\n');
}

function expectResumedToTheEnd(outcome: CrashOutcome): void {
  const context = describeRun(outcome);
  if (outcome.stage === 'before-job') {
    expect(outcome.audit.predictions, context).toBe(0);
  } else {
    expect(outcome.resume === undefined || outcome.resume.code === 0, context).toBe(true);
    expect(outcome.job?.status, context).toBe('completed');
    expect(outcome.job?.completed_images, context).toBe(outcome.audit.images);
  }
  expect(outcome.audit.problems, context).toEqual([]);
}

function summaryOf(outcomes: readonly CrashOutcome[], killed: number): string {
  const sum = (pick: (o: CrashOutcome) => number) => outcomes.reduce((total, o) => total + pick(o), 0);
  const stages = new Map<KillStage, number>();
  for (const o of outcomes) stages.set(o.stage, (stages.get(o.stage) ?? 0) + 1);
  const partial = outcomes.filter((o) => o.job !== undefined && o.job.completed_images < 6).length;
  return (
    `crash test: runs=${outcomes.length} killed=${killed} predictions=${sum((o) => o.audit.predictions)} images=${sum((o) => o.audit.images)} ` +
    `double_paid=${sum((o) => o.audit.doublePaid)} lost=${sum((o) => o.audit.lost)} spares=${sum((o) => o.audit.spares)}\n` +
    `  stages: ${[...stages].map(([stage, n]) => `${stage}=${n}`).join(' ')}; partial jobs=${partial}; ` +
    `files API runs=${outcomes.filter((o) => o.isUploadUsed).length}; seed=${SEED}`
  );
}

describe('troupe generate killed with SIGKILL on the Replicate fake, then resumed', () => {
  it('loses no image and pays no prediction twice; manifest, disk and database agree', async () => {
    const outcomes: CrashOutcome[] = [];
    const killedMidJob = () => outcomes.filter((o) => MID_JOB_STAGES.includes(o.stage)).length;
    for (const plan of planCrashRuns(SEED, MAX_RUNS)) {
      if (outcomes.length >= MIN_RUNS && killedMidJob() >= MIN_KILLED_MID_JOB) break;
      const template = plan.isLargeBase ? templates.large : templates.small;
      if (!template) throw new Error('beforeAll did not add the template actors');
      outcomes.push(
        await runCrashCase(plan, template, (ws, fake) => {
          workspaces.push(ws);
          fakes.push(fake);
        }),
      );
    }
    const killed = killedMidJob();
    console.log(summaryOf(outcomes, killed));

    for (const outcome of outcomes) expectResumedToTheEnd(outcome);

    expect(outcomes.reduce((n, o) => n + o.audit.doublePaid, 0)).toBe(0);
    expect(outcomes.reduce((n, o) => n + o.audit.lost, 0)).toBe(0);
    expect(killed).toBeGreaterThanOrEqual(MIN_KILLED_MID_JOB);
    expect(outcomes.some((o) => o.isUploadUsed)).toBe(true);
  }, 150_000);
});
