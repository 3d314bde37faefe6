import path from 'node:path';
import sharp from 'sharp';
import { z } from '@hono/zod-openapi';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../fakes/fake-clock.js';
import { startFakeReplicate, type FakeReplicate } from '../fakes/fake-replicate/fake-replicate-server.js';
import type { FakeScript } from '../fakes/fake-replicate/fake-script.js';
import { isIoBusy } from '../support/io-busy.js';
import { createTestHttp, expectJson, send } from '../support/test-http.js';
import { ACTOR_ID, generate, openTestTroupe, removeTestTroupe, type TestTroupe } from '../support/test-troupe.js';
import { JobSchema, LedgerSchema } from '../../src/interfaces/http/schemas.js';
import { ledgerLines, spendLine } from '../../src/interfaces/cli/views/spend-view.js';
import { paidLedger } from '../../src/domain/generation/paid-ledger.js';

let fake: FakeReplicate | undefined;
let t: TestTroupe | undefined;

afterEach(async () => {
  if (t) await removeTestTroupe(t);
  await fake?.close();
  t = undefined;
  fake = undefined;
});

async function setUp(script: Partial<FakeScript>): Promise<TestTroupe> {
  const clock = new FakeClock(undefined, isIoBusy);
  fake = await startFakeReplicate({ now: () => clock.now(), script: { queueMs: 500, runMs: 3_000, ...script } });
  t = await openTestTroupe({
    clock,
    env: {
      TROUPE_PROVIDER: 'replicate',
      REPLICATE_API_TOKEN: 'test-token',
      REPLICATE_API_BASE_URL: fake.baseUrl,
      REPLICATE_POLL_INTERVAL_MS: '500',
    },
  });
  const base = path.join(t.workDir, 'base.png');
  await sharp({
    create: {
      width: 512,
      height: 512,
      channels: 3,
      background: '#808080',
      noise: { type: 'gaussian', mean: 128, sigma: 60 },
    },
  })
    .png()
    .toFile(base);
  await t.troupe.addActorFromFile({ id: ACTOR_ID, baseImagePath: base, descriptor: 'woman' });
  return t;
}

describe('spend counts every paid prediction', () => {
  it('charges a success whose output stayed broken, and the cost cap counts it', async () => {
    const tt = await setUp({ outputFaultFor: (_input, n) => (n === 1 ? 'corrupt' : undefined) });
    // $0.12 pays for three predictions: the discarded one is one of them, so only two images can be kept.
    const job = await generate(tt, {
      provider: 'replicate',
      count: 3,
      concurrency: 1,
      costCapUsd: 0.12,
      earlyStopBelow: 0,
    });
    expect(job, job.finishReason ?? '').toMatchObject({ completedImages: 2 });
    expect(job.spendMicroUsd).toBe(120_000);
    expect(fake!.billedMicroUsd()).toBe(120_000);
    expect(job.spendSplit).toEqual({ keptMicroUsd: 80_000, sparesMicroUsd: 0, discardedMicroUsd: 40_000 });
    expect(spendLine(job)).toBe('$0.12 (kept $0.08, spares $0.00, discarded $0.04)');
  });

  it('puts the ledger in the API job detail and jobs show, listing the paid prediction with no image', async () => {
    const tt = await setUp({ outputFaultFor: (_input, n) => (n === 2 ? 'truncated' : undefined) });
    const job = await generate(tt, { provider: 'replicate', count: 2, concurrency: 1 });
    const http = await createTestHttp(tt);
    try {
      const body = await expectJson(
        await send(http.app, 'GET', `/api/jobs/${job.id}`),
        200,
        z.object({ job: JobSchema, ledger: LedgerSchema }),
      );
      const broken = fake!.predictions[1]!.id;
      expect(body.ledger).toEqual({
        predictions: 3,
        paid: 3,
        kept: 2,
        spares: 0,
        discarded: 1,
        expired: 0,
        providerFailures: 0,
        open: 0,
        paidWithoutImage: [{ runId: broken, ending: 'discarded' }],
      });
      expect(body.job.spendUsd).toBeCloseTo(0.12, 9);
      expect(body.job.spendSplit).toEqual({ keptUsd: 0.08, sparesUsd: 0, discardedUsd: 0.04 });
      const lines = ledgerLines(paidLedger(await tt.troupe.listAttempts(job.id)));
      expect(lines).toEqual([
        'Ledger: 3 predictions (3 paid): 2 kept, 0 spares paid, not kept, 1 discarded, 0 expired, 0 provider failures',
        `  paid, no image: ${broken} (discarded)`,
      ]);
    } finally {
      await http.tail.stop();
    }
  });
});
