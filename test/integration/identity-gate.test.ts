// The identity gate and the balancer's identity deletions, end to end on the sim's `drift` scenario (some outputs are
// rendered from another person's photo), with real face analysis and a fake clock.
import { describe, expect, it } from 'vitest';
import { offModelImageKey } from '../../src/domain/actors/dataset-layout.js';
import { parseActorId } from '../../src/domain/actors/actor-id.js';
import { useTestTroupesWith, type TestTroupe } from '../support/test-troupe.js';
import { expectConsistentSet, generate } from '../support/test-troupe.js';

const ACTOR = parseActorId('0001_test_actor');
const open = useTestTroupesWith();

async function photoActor(): Promise<TestTroupe> {
  const t = await open();
  const added = await t.troupe.addActorFromFile({
    id: ACTOR,
    baseImagePath: 'test/fixtures/faces/actor.jpg',
    descriptor: 'woman',
  });
  expect(added.identity).toEqual({ isChecking: true, notice: null });
  return t;
}

describe('identity gate', () => {
  it('fails off-model outputs as paid off_model attempts, sets them aside, and still ends with N on-model images', async () => {
    const t = await photoActor();
    const job = await generate(t, { count: 10, types: 'photorealistic', scenario: 'drift' });
    expect(job).toMatchObject({ status: 'completed', completedImages: 10, isIdentityGated: true });
    const attempts = await t.troupe.listAttempts(job.id);
    const offModel = attempts.filter((a) => a.failureClass === 'off_model');
    expect(offModel.length).toBeGreaterThan(0);
    for (const a of offModel) {
      expect(a).toMatchObject({ status: 'failed', failureCode: 'OFF_MODEL', costMicroUsd: job.priceMicroUsd });
      expect(a.message).toMatch(/^Different person: face distance 0\.\d\d, over this actor's limit of 0\.55/);
    }
    const setAside = await t.troupe.deps.offModel.listByActor(ACTOR);
    expect(setAside.map((s) => s.attemptId).sort()).toEqual(offModel.map((a) => a.id).sort());
    for (const s of setAside) expect(await t.troupe.deps.blobs.exists(offModelImageKey(ACTOR, s.attemptId))).toBe(true);
    const finished = attempts.filter((a) => a.status !== 'canceled').length;
    expect(job.successRatePermille).toBe(Math.round((10 / finished) * 1000));
    expect(job.spendMicroUsd).toBeGreaterThanOrEqual((10 + offModel.length) * job.priceMicroUsd);
    await expectConsistentSet(t, 10);
    const planned = await t.troupe.planBalance({ actorId: ACTOR, target: 'photorealistic=10' });
    expect(planned.identity.judged.map((j) => j.verdict.verdict)).not.toContain('different_person');
  }, 240_000);

  it('with --identity off keeps the off-model outputs, and the balancer then deletes them, saying why', async () => {
    const t = await photoActor();
    const job = await generate(t, { count: 8, types: 'photorealistic', scenario: 'drift', identity: 'off' });
    expect(job).toMatchObject({ status: 'completed', completedImages: 8, isIdentityGated: false });
    const planned = await t.troupe.planBalance({ actorId: ACTOR, target: 'photorealistic=8' });
    const others = planned.identity.judged.filter((j) => j.verdict.verdict === 'different_person');
    expect(others.length).toBeGreaterThan(0);
    const deleted = planned.plan.deletions.filter((d) => d.reasons.some((r) => r.kind === 'different_person'));
    expect(deleted.map((d) => d.entry.image.id).sort()).toEqual(others.map((o) => o.image.id).sort());
    const view = (await import('../../src/app/balance/balance-plan-view.js')).balancePlanView(planned, {
      priceMicroUsd: 40_000,
      successRate: 0.85,
      provider: 'sim',
    });
    const reason = view.deletions.find((d) => d.imageId === others[0]!.image.id)!.reasons[0]!.text;
    expect(reason).toMatch(/^different person: face distance 0\.\d\d, this actor's images are at most 0\.\d\d$/);
    expect(view.identity.images).toHaveLength(8);
    expect(planned.plan.generate.photorealistic).toBe(others.length);
  }, 240_000);

  it('turns the check off for an actor whose base image shows no face, says what to do, and refuses --identity on', async () => {
    const t = await open();
    await t.troupe.addActorFromFile({ id: ACTOR, baseImagePath: await faceless(t), descriptor: 'character' });
    const setup = await t.troupe.identitySetup(ACTOR);
    expect(setup.isChecking).toBe(false);
    expect(setup.notice).toMatch(
      /no face the detector can find.*troupe actors add-reference 0001_test_actor --image <file>/,
    );
    await expect(t.troupe.createJob({ actorId: ACTOR, count: 2, identity: 'on' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringMatching(/has no reference face/),
    });
    const ref = await t.troupe.addReferenceFromFile(ACTOR, 'test/fixtures/faces/actor.jpg');
    expect(ref.source).toBe('added');
    expect((await t.troupe.identitySetup(ACTOR)).isChecking).toBe(true);
    await expect(t.troupe.addReferenceFromFile(ACTOR, await faceless(t))).rejects.toMatchObject({
      code: 'INVALID_IMAGE',
    });
    expect(await t.troupe.deps.faceReferences.listByActor(ACTOR)).toHaveLength(1);
  }, 120_000);
});

async function faceless(t: TestTroupe): Promise<string> {
  const { writeBaseImage } = await import('../support/test-troupe.js');
  return writeBaseImage(t.workDir, 'faceless.png');
}
