// The fake Replicate in a process of its own, for the real-engine benchmarks: its request handling and JPEG serving
// then never block the engine's event loop, as the real service's never would. Started by fake-replicate-process.ts
// with its settings as one JSON argument; prints its base URL as one JSON line, then serves until killed.
import { startFakeReplicate } from '../test/fakes/fake-replicate/fake-replicate-server.js';
import { PA_INTERRUPTED } from '../test/fakes/fake-replicate/fake-script.js';
import { createPrng } from '../src/domain/policy/prng.js';
import { usePooledFakeOutputs } from './pooled-fake-outputs.js';

interface ChildSettings {
  readonly p: number;
  readonly seed: number;
  readonly queueMs: number;
  readonly runMs: number;
  /** How long a create with `Prefer: wait=N` may be held open, as Replicate's sync mode holds it (N s at most). */
  readonly holdMs: number;
  readonly outputPool: number;
}

const settings = JSON.parse(process.argv[2] ?? '{}') as ChildSettings;
await usePooledFakeOutputs(settings.outputPool);
const outcomes = createPrng(settings.seed);
const fake = await startFakeReplicate({
  script: {
    queueMs: settings.queueMs,
    runMs: settings.runMs,
    maxRealWaitMs: settings.holdMs,
    // Each prediction succeeds with probability p, else fails as Replicate's transient "interrupted (PA)".
    outcomeFor: () => (outcomes() < settings.p ? 'succeeded' : { failed: PA_INTERRUPTED }),
  },
});
process.stdout.write(`${JSON.stringify({ baseUrl: fake.baseUrl })}\n`);
process.on('SIGTERM', () => {
  void fake.close().finally(() => process.exit(0));
});
