import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ACTOR_PROMPT_RETIREMENT } from '../../src/domain/prompts/prompt-rotation.js';
import {
  killStrayTroupes,
  makeWorkspace,
  removeWorkspace,
  runTroupe,
  writePortraitPng,
  type Workspace,
} from '../support/run-troupe.js';
import { createTestHttp, send } from '../support/test-http.js';
import { ACTOR_ID, addTestActor, openTestTroupe, removeTestTroupe, type TestTroupe } from '../support/test-troupe.js';

let open: TestTroupe[] = [];
let workspaces: Workspace[] = [];
afterEach(async () => {
  killStrayTroupes();
  for (const t of open) await removeTestTroupe(t).catch(() => undefined);
  for (const ws of workspaces) await removeWorkspace(ws);
  open = [];
  workspaces = [];
});

/** A Troupe that could plan for Replicate too (a token is set; nothing here calls it). */
async function setUp(): Promise<TestTroupe> {
  const t = await openTestTroupe({ env: { REPLICATE_API_TOKEN: 'r8_test_token_not_used' } });
  open.push(t);
  await addTestActor(t);
  return t;
}

/** Records `times` content-filter refusals of one prompt in a job on the given sim scenario, ending at `atMs`. */
async function refuse(t: TestTroupe, scenario: string, times: number, atMs: number): Promise<string> {
  const { prompts } = await t.troupe.deps.prompts.load(null);
  const refused = prompts.find((p) => p.type === 'photorealistic')!;
  const job = await t.troupe.createJob({ actorId: ACTOR_ID, count: 1, providerOptions: { scenario } });
  for (let i = 1; i <= times; i += 1) {
    await t.troupe.deps.attempts.insert({
      id: `att_refused_${job.id}_${i}`,
      jobId: job.id,
      number: i,
      status: 'failed',
      promptId: refused.id,
      prompt: refused.template,
      type: 'photorealistic',
      seed: i,
      providerRunId: null,
      outputUrl: null,
      failureClass: 'content_filter',
      failureCode: 'E005',
      message: 'The input or output was flagged as sensitive.',
      costMicroUsd: 0,
      imageId: null,
      startedAt: new Date(atMs).toISOString(),
      endedAt: new Date(atMs).toISOString(),
    });
  }
  return refused.id;
}

const preview = (t: TestTroupe, provider: 'sim' | 'replicate', scenario?: string) =>
  t.troupe.previewJob({
    actorId: ACTOR_ID,
    count: 5,
    provider,
    providerOptions: provider === 'sim' ? { scenario: scenario ?? 'high' } : {},
  });

describe('prompt retirement stays where it was learned', () => {
  it('refusals on the sim retire a prompt for that sim scenario only, never for Replicate', async () => {
    const t = await setUp();
    const refused = await refuse(t, 'low', ACTOR_PROMPT_RETIREMENT, t.clock.now());
    expect((await preview(t, 'sim', 'low')).retiredPrompts).toEqual([refused]);
    expect((await preview(t, 'sim', 'high')).retiredPrompts).toEqual([]);
    expect((await preview(t, 'replicate')).retiredPrompts).toEqual([]);
  });

  it('prompts reset gives retired prompts back; refusals after it count afresh', async () => {
    const t = await setUp();
    const refused = await refuse(t, 'low', ACTOR_PROMPT_RETIREMENT, t.clock.now() - 1000);
    const reset = await t.troupe.resetPrompts({ actorId: ACTOR_ID });
    expect(reset).toMatchObject({ subject: '*', givenBack: [{ promptId: refused, subject: 'sim/low' }] });
    expect((await preview(t, 'sim', 'low')).retiredPrompts).toEqual([]);
    t.clock.advance(1000);
    await refuse(t, 'low', ACTOR_PROMPT_RETIREMENT - 1, t.clock.now());
    expect((await preview(t, 'sim', 'low')).retiredPrompts).toEqual([]);
    await refuse(t, 'low', 1, t.clock.now());
    expect((await preview(t, 'sim', 'low')).retiredPrompts).toEqual([refused]);
  });

  it('a reset for one provider leaves the others retired', async () => {
    const t = await setUp();
    const refused = await refuse(t, 'low', ACTOR_PROMPT_RETIREMENT, t.clock.now() - 1000);
    await refuse(t, 'medium', ACTOR_PROMPT_RETIREMENT, t.clock.now() - 1000);
    await t.troupe.resetPrompts({ actorId: ACTOR_ID, provider: { name: 'sim', options: { scenario: 'medium' } } });
    expect((await preview(t, 'sim', 'medium')).retiredPrompts).toEqual([]);
    expect((await preview(t, 'sim', 'low')).retiredPrompts).toEqual([refused]);
  });

  it('POST /api/actors/{id}/prompts/reset gives them back (the retry plan button); an unknown actor is a 404', async () => {
    const t = await setUp();
    const h = await createTestHttp(t);
    const refused = await refuse(t, 'low', ACTOR_PROMPT_RETIREMENT, t.clock.now() - 1000);
    const res = await send(h.app, 'POST', `/api/actors/${ACTOR_ID}/prompts/reset`, {
      provider: 'sim',
      scenario: 'low',
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ subject: 'sim/low', givenBack: [{ promptId: refused }] });
    expect((await preview(t, 'sim', 'low')).retiredPrompts).toEqual([]);
    expect((await send(h.app, 'POST', '/api/actors/0009_nobody/prompts/reset', {})).status).toBe(404);
  });

  it('troupe prompts reset --actor-id (the real binary)', async () => {
    const ws = await makeWorkspace();
    workspaces.push(ws);
    const base = path.join(ws.root, 'base.png');
    await writePortraitPng(base);
    expect((await runTroupe(ws, ['actors', 'add', '0001_reset_woman', '--base-image', base])).code).toBe(0);
    const done = await runTroupe(ws, ['prompts', 'reset', '--actor-id', '0001_reset_woman']);
    expect(done.code).toBe(0);
    expect(done.stdout).toMatch(/No prompts were retired for 0001_reset_woman/);
    const missing = await runTroupe(ws, ['prompts', 'reset', '--actor-id', '0009_nobody']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/Actor 0009_nobody not found/);
  });
});
