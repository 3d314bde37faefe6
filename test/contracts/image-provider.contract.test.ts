import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { isFinalRunStatus, type ImageProvider, type RunRequest, type RunState } from '../../src/app/ports.js';
import { ReplicateApi } from '../../src/adapters/provider/replicate/replicate-api.js';
import { ReplicateImageProvider } from '../../src/adapters/provider/replicate/replicate-image-provider.js';
import { TokenBucket } from '../../src/adapters/provider/replicate/token-bucket.js';
import { SimImageProvider } from '../../src/adapters/provider/sim-image-provider.js';
import type { ActorId } from '../../src/domain/actors/actor-id.js';
import { FakeClock } from '../fakes/fake-clock.js';
import { startFakeReplicate, type FakeReplicate } from '../fakes/fake-replicate/fake-replicate-server.js';

/** What differs between providers, as data: the suite asserts each capability both ways. */
interface ProviderUnderTest {
  readonly provider: ImageProvider;
  readonly clock: FakeClock;
  /** Whether a started run can be found again by seed and prompt (a remote record exists). */
  readonly remembersRuns: boolean;
  /** A prompt this provider is scripted to refuse. */
  readonly refusedPrompt: string;
}

const baseImage = await sharp({ create: { width: 512, height: 640, channels: 3, background: '#c86' } })
  .composite([
    { input: Buffer.from('<svg width="512" height="640"><circle cx="256" cy="260" r="140" fill="#235"/></svg>') },
  ])
  .jpeg()
  .toBuffer();

const fakes: FakeReplicate[] = [];
afterAll(async () => {
  for (const fake of fakes) await fake.close();
});

const providers: Record<string, () => Promise<ProviderUnderTest>> = {
  sim: async () => {
    const clock = new FakeClock();
    const provider = new SimImageProvider({
      successRate: 1,
      latencyMs: { min: 1000, max: 3000 },
      clock,
      loadBaseImage: async () => baseImage,
    });
    // The sim's failures are decided by seed; with a 0% success rate every prompt is refused.
    const refusing = new SimImageProvider({
      successRate: 0,
      latencyMs: { min: 1000, max: 3000 },
      clock,
      loadBaseImage: async () => baseImage,
    });
    return {
      provider: withRefusals(provider, refusing, 'REFUSE ME'),
      clock,
      remembersRuns: false,
      refusedPrompt: 'REFUSE ME',
    };
  },
  replicate: async () => {
    const clock = new FakeClock();
    const fake = await startFakeReplicate({
      now: () => clock.now(),
      script: { queueMs: 500, runMs: 2_000, filterPrompts: /REFUSE ME/ },
    });
    fakes.push(fake);
    const provider = new ReplicateImageProvider({
      api: new ReplicateApi({ baseUrl: fake.baseUrl, token: 'test-token', requestTimeoutMs: 10_000 }),
      clock,
      model: 'black-forest-labs/flux-kontext-pro',
      bucket: new TokenBucket(clock, 600),
      waitSeconds: 1,
      cancelAfter: '5m',
      pollIntervalMs: 250,
      maxThrottledCreates: 5,
      safetyTolerance: 2,
      promptUpsampling: false,
    });
    return { provider, clock, remembersRuns: true, refusedPrompt: 'REFUSE ME' };
  },
};

/** Routes one prompt to a provider that fails everything, so both providers can be asked for a refusal. */
function withRefusals(normal: ImageProvider, refusing: ImageProvider, prompt: string): ImageProvider {
  const refused = new Set<string>();
  return {
    name: normal.name,
    pollIntervalMs: normal.pollIntervalMs,
    start: async (request) => {
      if (request.prompt !== prompt) return normal.start(request);
      const state = await refusing.start(request);
      refused.add(state.runId);
      return state;
    },
    get: (runId) => (refused.has(runId) ? refusing.get(runId) : normal.get(runId)),
    cancel: (runId) => normal.cancel(runId),
    fetchOutput: (run) => normal.fetchOutput(run),
    findRun: (request, since) => normal.findRun(request, since),
    preflight: () => normal.preflight(),
  };
}

function request(seed: number, prompt = 'Portrait of the woman by a window, same face and identity'): RunRequest {
  return {
    actorId: '0001_contract' as ActorId,
    prompt,
    promptId: 'p1',
    imageType: 'photorealistic',
    seed,
    baseImage,
    attemptId: `att_${seed}`,
  };
}

async function untilFinal(p: ProviderUnderTest, start: RunState): Promise<RunState> {
  let state = start;
  for (let polls = 0; !isFinalRunStatus(state.status); polls += 1) {
    if (polls > 1000) throw new Error('run never ended');
    p.clock.advance(p.provider.pollIntervalMs);
    state = await p.provider.get(state.runId);
  }
  return state;
}

describe.each(Object.keys(providers))('ImageProvider contract: %s', (name) => {
  const make = providers[name]!;

  it('passes its preflight check with working credentials', async () => {
    const p = await make();
    await expect(p.provider.preflight()).resolves.toBeUndefined();
  });

  it('starts a run that moves to succeeded and yields a decodable image', async () => {
    const p = await make();
    const started = await p.provider.start(request(11));
    expect(started.runId).toEqual(expect.any(String));
    expect(isFinalRunStatus(started.status)).toBe(false);
    const done = await untilFinal(p, started);
    expect(done).toMatchObject({ runId: started.runId, status: 'succeeded', error: null });
    const bytes = await p.provider.fetchOutput(done);
    const metadata = await sharp(bytes).metadata();
    expect(metadata.width).toBeGreaterThanOrEqual(256);
  });

  it("reports a refused prompt as a failed run with the provider's message, not as a thrown error", async () => {
    const p = await make();
    const done = await untilFinal(p, await p.provider.start(request(12, p.refusedPrompt)));
    expect(done.status).toBe('failed');
    expect(done.error).toEqual(expect.stringMatching(/\S/));
  });

  it('cancels a run in flight', async () => {
    const p = await make();
    const started = await p.provider.start(request(13));
    await p.provider.cancel(started.runId);
    const done = await untilFinal(p, started);
    expect(['canceled', 'aborted']).toContain(done.status);
  });

  it('finds a started run again by seed and prompt when it keeps a record, and never a different one', async () => {
    const p = await make();
    const since = p.clock.now();
    const started = await p.provider.start(request(14));
    const found = await p.provider.findRun(request(14), since);
    if (p.remembersRuns) expect(found?.runId).toBe(started.runId);
    else expect(found).toBeUndefined();
    expect(await p.provider.findRun(request(15), since)).toBeUndefined();
  });

  it('polling a run is safe to repeat: the same id, and a final state stays final', async () => {
    const p = await make();
    const done = await untilFinal(p, await p.provider.start(request(16)));
    p.clock.advance(60_000);
    const again = await p.provider.get(done.runId);
    expect(again).toMatchObject({ runId: done.runId, status: done.status });
  });
});
