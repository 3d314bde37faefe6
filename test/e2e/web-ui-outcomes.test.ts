// What the UI says before and after a job that cannot get every image: Start turned off with the reason, then a
// partial set shown amber, never as a green success.
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
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

const ACTOR = '0003_e2e_outcomes';

describe.skipIf(browserSupport.shouldSkip)(browserSupport.suiteName('web UI: low odds and partial sets'), () => {
  let server: E2eServer;
  let browser: Browser;
  let watched: WatchedPage;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
    server = await startE2eServer('20-60');
    await addActorViaApi(server, ACTOR, 'woman');
    watched = await openPage(browser);
    page = watched.page;
  });

  afterEach(snapOnFailure(() => [page]));

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('turns Start off with the reason when the cost cap is too low, and on again when it is raised', async () => {
    await loadApp(page, `${server.url}/#/actors/${ACTOR}/generate`);
    await page.getByTestId('count-input').fill('3');
    await page.getByTestId('scenario-select').selectOption('perfect');
    await page.getByTestId('cost-cap-input').fill('0.08');
    const blocked = page.getByTestId('start-blocked');
    await blocked.waitFor({ timeout: 30_000 });
    expect(await blocked.textContent()).toMatch(/raise --cost-cap from \$0\.08 \(2 attempts\) to at least \$0\.12/);
    expect(await page.getByTestId('start-generation').isDisabled()).toBe(true);
    await snap(page, '40-start-blocked');
    await page.getByTestId('cost-cap-input').fill('0.20');
    await blocked.waitFor({ state: 'detached', timeout: 30_000 });
    expect(await page.getByTestId('start-generation').isDisabled()).toBe(false);
  });

  it('shows a job that kept 2 of 3 images as "partial: 2/3", amber, not completed green', async () => {
    const response = await fetch(`${server.url}/api/jobs`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ actorId: ACTOR, count: 3, scenario: 'perfect', costCapUsd: 0.08, confirmLowOdds: true }),
    });
    expect(response.status).toBe(202);
    await loadApp(page, `${server.url}/#/actors/${ACTOR}/jobs`);
    const card = page.locator('[data-testid="job-card"][data-status="completed"]');
    await card.waitFor({ timeout: 60_000 });
    expect(await card.getAttribute('data-partial')).toBe('true');
    const badge = card.getByTestId('job-outcome');
    expect(await badge.textContent()).toBe('partial: 2/3');
    expect(await badge.getAttribute('class')).toContain('badge-partial');
    await snap(page, '41-partial-job');
    expect(watched.pageErrors).toEqual([]);
  });
});
