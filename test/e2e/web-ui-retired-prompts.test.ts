// The retry plan lists the prompts retired for an actor on the chosen provider and gives them back on request.
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ActorId } from '../../src/domain/actors/actor-id.js';
import { ACTOR_PROMPT_RETIREMENT } from '../../src/domain/prompts/prompt-rotation.js';
import {
  browserSupport,
  launchChromium,
  loadApp,
  openPage,
  snap,
  snapOnFailure,
  type WatchedPage,
} from './support/browser.js';
import { startE2eServer, type E2eServer } from './support/e2e-server.js';
import { addActorViaApi } from './support/seed-actor.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

const ACTOR = '0003_e2e_retired';

describe.skipIf(browserSupport.shouldSkip)(browserSupport.suiteName('web UI: retired prompts'), () => {
  let server: E2eServer;
  let browser: Browser;
  let watched: WatchedPage;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
    server = await startE2eServer('20-50');
    await addActorViaApi(server, ACTOR, 'woman');
    watched = await openPage(browser);
    page = watched.page;
  });

  afterEach(snapOnFailure(() => [page]));

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lists a prompt the filter refused on the medium scenario, and "Give them back" returns it', async () => {
    const { troupe } = server.server.opened;
    const { prompts } = await troupe.deps.prompts.load(null);
    const refused = prompts.find((p) => p.type === 'photorealistic')!;
    const earlier = await troupe.createJob({ actorId: ACTOR, count: 1, providerOptions: { scenario: 'medium' } });
    await troupe.cancelJob(earlier.id);
    for (let i = 1; i <= ACTOR_PROMPT_RETIREMENT; i += 1) {
      await troupe.deps.attempts.insert({
        id: `att_e2e_refused_${i}`,
        jobId: earlier.id,
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
        startedAt: new Date(Date.now() - 60_000).toISOString(),
        endedAt: new Date(Date.now() - 60_000).toISOString(),
      });
    }

    await loadApp(page, `${server.url}/#/actors/${ACTOR}/generate`);
    await page.getByTestId('count-input').fill('5');
    await page.getByTestId('scenario-select').selectOption('medium');
    const retired = page.getByTestId('preview-retired-prompts');
    await retired.waitFor({ timeout: 30_000 });
    expect(await retired.textContent()).toContain(refused.id);
    await snap(page, 'retired-prompts');

    await page.getByTestId('reset-prompts').click();
    await retired.waitFor({ state: 'detached', timeout: 30_000 });
    await page.locator('[data-testid="retry-preview"][aria-busy="false"]').waitFor();
    const preview = await troupe.previewJob({
      actorId: ACTOR as ActorId,
      count: 5,
      providerOptions: { scenario: 'medium' },
    });
    expect(preview.retiredPrompts).toEqual([]);
    expect(watched.pageErrors).toEqual([]);
  });
});
