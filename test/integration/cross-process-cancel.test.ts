import { describe, expect, it } from 'vitest';
import { DEFAULT_ENGINE_SETTINGS } from '../../src/app/app-deps.js';
import { ACTOR_ID, openTestTroupe, useTestTroupes } from '../support/test-troupe.js';

const setUp = useTestTroupes();

describe('a cancel from another process', () => {
  it('reaches the running job within its cancel poll: nothing launches after it and the job ends canceled', async () => {
    const t = await setUp();
    const job = await t.troupe.createJob({ actorId: ACTOR_ID, count: 20, providerOptions: { scenario: 'high' } });
    const other = await openTestTroupe({ dataDir: t.dataDir, clock: t.clock });
    let canceledAtMs = 0;
    const cancel = t.clock.sleep(5_000).then(async () => {
      canceledAtMs = t.clock.now();
      await other.troupe.cancelJob(job.id);
    });
    try {
      const ended = await t.clock.runUntil(t.troupe.runJob(job.id, { owner: t.owner }));
      await cancel;
      expect(ended.status).toBe('canceled');
      expect(ended.completedImages).toBeLessThan(20);
      const pollMs = DEFAULT_ENGINE_SETTINGS.cancelPollMs;
      const attempts = await t.troupe.listAttempts(job.id);
      const lateStarts = attempts.filter((a) => Date.parse(a.startedAt) > canceledAtMs + pollMs);
      expect(lateStarts).toEqual([]);
      // Runs in flight are canceled at their next status poll (the sim polls every 250 ms).
      expect(Date.parse(ended.finishedAt!) - canceledAtMs).toBeLessThanOrEqual(pollMs + 250 + 50);
      expect(attempts.some((a) => a.status === 'canceled')).toBe(true);
    } finally {
      await other.close();
    }
  });
});
