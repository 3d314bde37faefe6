import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { fileURLToPath } from 'node:url';
import { runCli } from '../interfaces/cli/run-cli.js';
import type { JobQueue } from '../app/ports.js';
import type { Troupe } from '../app/troupe.js';

const DEMO_BASE_IMAGE = fileURLToPath(new URL('../../assets/demo/demo-character.svg', import.meta.url));
const PACKAGE_JSON = new URL('../../package.json', import.meta.url);

/**
 * The `troupe` binary: real streams, real configuration from the environment. Everything heavy (the database,
 * sharp, the AWS SDK, the web server, face analysis) is imported only by the command that opens it, so `--help`,
 * `--version` and the listing commands start in about the time node itself takes.
 */
export async function main(argv: readonly string[]): Promise<number> {
  return runCli(argv, {
    io: {
      stdout: process.stdout,
      stderr: process.stderr,
      isTty: Boolean(process.stdout.isTTY),
      confirm: process.stdin.isTTY ? askYesNo : undefined,
      onInterrupt(handler) {
        process.on('SIGINT', handler);
        return () => process.off('SIGINT', handler);
      },
    },
    version: readVersion(),
    openApp: async () => {
      const [{ openTroupe }, config] = await Promise.all([import('./open-troupe.js'), loadEnvConfig()]);
      return openTroupe(config);
    },
    openImportSource: async (folder) => {
      const [{ openSeedFolderSource }, config] = await Promise.all([
        import('../adapters/storage/seed-folder-source.js'),
        loadEnvConfig(),
      ]);
      return openSeedFolderSource(folder, config.dataDir);
    },
    demoBaseImagePath: DEMO_BASE_IMAGE,
    serve: async ({ host, port, isDemo }) => {
      const [{ startServer }, config] = await Promise.all([import('./start-server.js'), loadEnvConfig()]);
      return startServer(config, {
        host,
        port,
        onOpen: isDemo ? (opened, queue) => seedDemo(opened.troupe, queue) : undefined,
      });
    },
  });
}

async function loadEnvConfig() {
  const { loadConfig } = await import('../config/load-config.js');
  return loadConfig(process.env);
}

function readVersion(): string {
  return (JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { version: string }).version;
}

async function askYesNo(question: string): Promise<boolean> {
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await prompt.question(question)).trim());
  } finally {
    prompt.close();
  }
}

/** The demo actor with a first set of images on the sim provider, so the UI has something to show at once. */
async function seedDemo(troupe: Troupe, queue: JobQueue): Promise<void> {
  const { DEMO_ACTOR_ID, ensureDemoActor } = await import('../app/actors/demo-actor.js');
  await ensureDemoActor(troupe, DEMO_BASE_IMAGE);
  const hasWork =
    (await troupe.listImages(DEMO_ACTOR_ID)).length > 0 ||
    (await troupe.listJobs({ actorId: DEMO_ACTOR_ID })).length > 0;
  if (hasWork) return;
  const job = await troupe.createJob({
    actorId: DEMO_ACTOR_ID,
    count: 8,
    provider: 'sim',
    providerOptions: { scenario: 'medium' },
  });
  await queue.enqueue(job.id);
}
