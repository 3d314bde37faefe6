/**
 * Runs the fake Replicate on its own, for trying `--provider replicate` by hand without an account:
 *   npm run fake:replicate            # prints the base URL and the token it accepts
 *   REPLICATE_API_BASE_URL=<url> REPLICATE_API_TOKEN=test-token troupe generate --provider replicate ...
 * Latency is real time here: 1 s queued, 3 s running. Set FAKE_FILTER to a regex to have prompts refused (E005).
 */
import { startFakeReplicate } from './fake-replicate-server.js';

const port = Number(process.env.FAKE_PORT ?? 0);
const filter = process.env.FAKE_FILTER;
const fake = await startFakeReplicate({
  port,
  script: {
    queueMs: 1_000,
    runMs: 3_000,
    interruptEvery: 6,
    ...(filter ? { filterPrompts: new RegExp(filter, 'i') } : {}),
  },
});
process.stdout.write(
  `Fake Replicate listening: REPLICATE_API_BASE_URL=${fake.baseUrl} REPLICATE_API_TOKEN=test-token\n`,
);
process.on('SIGINT', () => void fake.close().then(() => process.exit(0)));
