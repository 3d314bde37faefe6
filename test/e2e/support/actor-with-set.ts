import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { launchChromium, openPage, snapOnFailure, type WatchedPage } from './browser.js';
import { startE2eServer, type E2eServer } from './e2e-server.js';
import { addActorViaApi, startJobViaApi, waitForJobStatus } from './seed-actor.js';

export interface ActorWithSet {
  readonly server: () => E2eServer;
  /** A new page in the shared browser; a screenshot is taken of every page opened when a test fails. */
  readonly openPage: (viewport?: { width: number; height: number }) => Promise<WatchedPage>;
}

/**
 * For a browser suite: Chromium, a server on the sim provider, and an actor whose first `count` images a job has
 * already made (perfect scenario), all set up once and torn down after the file.
 */
export function useActorWithSet(actorId: string, count: number): ActorWithSet {
  let server: E2eServer;
  let browser: Browser;
  const watched: WatchedPage[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    server = await startE2eServer('50-150');
    await addActorViaApi(server, actorId, 'woman');
    const job = await startJobViaApi(server, { actorId, count, provider: 'sim', scenario: 'perfect' });
    await waitForJobStatus(server, job.id, 'completed');
  });

  afterEach(snapOnFailure(() => watched.map((w) => w.page)));

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  return {
    server: () => server,
    openPage: async (viewport) => {
      const opened = await openPage(browser, viewport);
      watched.push(opened);
      return opened;
    },
  };
}
