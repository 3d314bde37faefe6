import { createInterface } from 'node:readline/promises';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../config/load-config.js';
import { runCli } from '../interfaces/cli/run-cli.js';
import { openTroupe } from './open-troupe.js';
import { startServer } from './start-server.js';
import { openSeedFolderSource } from '../adapters/storage/seed-folder-source.js';
import { DEMO_ACTOR_ID, ensureDemoActor } from '../app/actors/demo-actor.js';
import type { JobQueue } from '../app/ports.js';
import type { Troupe } from '../app/troupe.js';

const DEMO_BASE_IMAGE = fileURLToPath(new URL('../../assets/demo/demo-character.svg', import.meta.url));

/** The `troupe` binary: real streams, real configuration from the environment. */
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
    openApp: () => openTroupe(loadConfig(process.env)),
    openImportSource: (folder) => openSeedFolderSource(folder, loadConfig(process.env).dataDir),
    demoBaseImagePath: DEMO_BASE_IMAGE,
    serve: ({ host, port, isDemo }) =>
      startServer(loadConfig(process.env), {
        host,
        port,
        onOpen: isDemo ? (opened, queue) => seedDemo(opened.troupe, queue) : undefined,
      }),
  });
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
