// Canceling a running job from the Jobs tab, on a server with slow sim runs so the job is surely mid-way.
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
import { getJson, startE2eServer, type E2eServer } from './support/e2e-server.js';
import { addActorViaApi } from './support/seed-actor.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

const ACTOR = '0002_e2e_cancel';

interface ApiJobDetail {
  readonly job: { readonly status: string; readonly completedImages: number; readonly currentAttempt: number };
  readonly attempts: readonly { readonly number: number; readonly status: string; readonly startedAt: string }[];
}

describe.skipIf(browserSupport.shouldSkip)(browserSupport.suiteName('web UI: cancel a running job'), () => {
  let server: E2eServer;
  let browser: Browser;
  let watched: WatchedPage;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
    server = await startE2eServer('800-1500');
    await addActorViaApi(server, ACTOR, 'woman');
    watched = await openPage(browser);
    page = watched.page;
  });

  afterEach(snapOnFailure(() => [page]));

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('cancels a 20-image job mid-way: the card ends canceled with fewer than 20 images', async () => {
    await loadApp(page, `${server.url}/#/actors/${ACTOR}/generate`);
    await page.getByTestId('count-input').fill('20');
    await page.getByTestId('max-attempts-input').fill('40');
    await page.getByTestId('scenario-select').selectOption('medium');
    await page.locator('[data-testid="retry-preview"][aria-busy="false"]').waitFor();
    await expect
      .poll(() => page.getByTestId('preview-max-attempts').textContent(), { timeout: 30_000 })
      .toBe('40 · seed cap 25');
    await snap(page, '20-cancel-plan');
    await page.getByTestId('start-generation').click();

    const card = page.getByTestId('job-card');
    await card.waitFor();
    const jobId = await card.getAttribute('data-job-id');
    await page.waitForFunction(
      `(() => { const card = document.querySelector('[data-testid="job-card"]');
        const attempts = Number(card?.querySelector('[data-testid="attempts-progress"]')?.getAttribute('data-value'));
        return card?.getAttribute('data-status') === 'processing' && attempts >= 1; })()`,
      undefined,
      { timeout: 30_000 },
    );
    await snap(page, '21-cancel-running');
    const canceledAtMs = Date.now();
    await card.getByTestId('cancel-job').click();
    await card
      .locator('.badge')
      .filter({ hasText: /canceling|canceled/ })
      .waitFor();
    await snap(page, '22-cancel-requested');
    await page.locator('[data-testid="job-card"][data-status="canceled"]').waitFor({ timeout: 30_000 });
    await snap(page, '23-canceled');

    const shownImages = Number(await card.getByTestId('images-progress').getAttribute('data-value'));
    expect(shownImages).toBeLessThan(20);
    expect(await card.getByTestId('cancel-job').count()).toBe(0);
    expect(await card.locator('.badge').textContent()).toBe('canceled');

    const detail = await getJson<ApiJobDetail>(server, `/api/jobs/${jobId}`);
    expect(detail.job.status).toBe('canceled');
    expect(detail.job.completedImages).toBe(shownImages);
    expect(detail.job.currentAttempt).toBeLessThan(40);
    expect(detail.attempts.filter((a) => ['pending', 'running', 'storing'].includes(a.status))).toEqual([]);
    const startedAfterCancel = detail.attempts.filter((a) => Date.parse(a.startedAt) > canceledAtMs);
    console.info(
      `job ${jobId}: ${startedAfterCancel.length} attempt(s) started after the cancel click: ` +
        startedAfterCancel.map((a) => `#${a.number} ${a.status} at ${a.startedAt}`).join(', '),
    );
    expect(watched.pageErrors).toEqual([]);
  });
});
