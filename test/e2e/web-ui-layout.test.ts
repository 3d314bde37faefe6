// The web UI at phone width (no sideways scrolling) and by keyboard alone (tabs, gallery, lightbox).
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
import { addActorViaApi, startJobViaApi, waitForJobStatus } from './support/seed-actor.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

const ACTOR = '0003_e2e_layout';
const PHONE = { width: 390, height: 844 };

const focusedTestId = (page: Page): Promise<string | null> =>
  page.evaluate<string | null>('document.activeElement?.getAttribute("data-testid") ?? null');

const currentHash = (page: Page): Promise<string> => page.evaluate<string>('location.hash');

const overflowWidth = (page: Page): Promise<number> => page.evaluate<number>('document.documentElement.scrollWidth');

/** What each tab this suite knows shows once loaded; a tab added later is checked through its panel alone. */
const TAB_CONTENT: Readonly<Record<string, string>> = {
  generate: 'retry-preview',
  jobs: 'job-card',
  dataset: 'gallery-image',
};

/** The actor page's tabs in the order the tab list renders them. */
const tabNames = (page: Page): Promise<string[]> =>
  page
    .getByRole('tab')
    .evaluateAll((tabs) => tabs.map((tab) => (tab as unknown as { id: string }).id.replace(/^tab-/, '')));

/** Waits until `tab` is the selected tab and its panel has loaded. */
async function waitForTab(page: Page, tab: string): Promise<void> {
  await page.locator(`[data-testid="tab-${tab}"][aria-selected="true"]`).waitFor();
  const panel = page.locator(`#panel-${tab}`);
  await panel.waitFor();
  const content = TAB_CONTENT[tab];
  if (content) await panel.getByTestId(content).first().waitFor();
  await expect.poll(() => panel.getByText(/^Loading/).count(), { timeout: 30_000 }).toBe(0);
}

describe.skipIf(browserSupport.shouldSkip)(browserSupport.suiteName('web UI: phone width and keyboard'), () => {
  let server: E2eServer;
  let browser: Browser;
  const watched: WatchedPage[] = [];
  const openWatched = async (viewport?: { width: number; height: number }): Promise<WatchedPage> => {
    const opened = await openPage(browser, viewport);
    watched.push(opened);
    return opened;
  };

  beforeAll(async () => {
    browser = await launchChromium();
    server = await startE2eServer('150-400');
    await addActorViaApi(server, ACTOR, 'woman');
    const job = await startJobViaApi(server, { actorId: ACTOR, count: 4, provider: 'sim', scenario: 'perfect' });
    await waitForJobStatus(server, job.id, 'completed');
  });

  afterEach(snapOnFailure(() => watched.map((w) => w.page)));

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('fits a 390 px phone screen without sideways scrolling', async () => {
    const { page } = await openWatched(PHONE);
    await loadApp(page, `${server.url}/#/`);
    await page.locator(`[data-testid="actor-card"][data-actor-id="${ACTOR}"]`).waitFor();
    await snap(page, '30-phone-actors');
    expect(await overflowWidth(page)).toBeLessThanOrEqual(PHONE.width + 1);

    await page.getByTestId('new-actor-button').click();
    await page.getByTestId('new-actor-form').waitFor();
    await snap(page, '31-phone-new-actor');
    expect(await overflowWidth(page)).toBeLessThanOrEqual(PHONE.width + 1);

    await page.goto(`${server.url}/#/actors/${ACTOR}/generate`);
    for (const tab of await tabNames(page)) {
      await page.goto(`${server.url}/#/actors/${ACTOR}/${tab}`);
      await waitForTab(page, tab);
      if (tab === 'generate') await page.locator('[data-testid="retry-preview"][aria-busy="false"]').waitFor();
      if (tab === 'jobs') await page.getByRole('button', { name: 'Attempts', exact: true }).click();
      await snap(page, `32-phone-actor-${tab}`);
      expect(await overflowWidth(page), `sideways overflow on the ${tab} tab`).toBeLessThanOrEqual(PHONE.width + 1);
    }
  });

  it('switches tabs with the arrow keys, Home and End, and works the gallery by keyboard', async () => {
    const { page } = await openWatched();
    await loadApp(page, `${server.url}/#/actors/${ACTOR}/generate`);
    await page.getByTestId('retry-preview').waitFor();
    for (let presses = 0; presses < 20 && (await focusedTestId(page)) !== 'tab-generate'; presses++) {
      await page.keyboard.press('Tab');
    }
    expect(await focusedTestId(page)).toBe('tab-generate');

    const tabs = await tabNames(page);
    const last = tabs.length - 1;
    const steps: [string, number][] = [
      ...tabs.slice(1).map((_, index): [string, number] => ['ArrowRight', index + 1]),
      ['ArrowRight', 0],
      ['ArrowLeft', last],
      ['Home', 0],
      ['End', last],
      ['ArrowLeft', last - 1],
      ['Home', 0],
      ...tabs.slice(1, tabs.indexOf('dataset') + 1).map((_, index): [string, number] => ['ArrowRight', index + 1]),
    ];
    for (const [key, index] of steps) {
      const tab = tabs[index] ?? '';
      await page.keyboard.press(key);
      await expect.poll(() => currentHash(page), { timeout: 30_000 }).toBe(`#/actors/${ACTOR}/${tab}`);
      expect(await focusedTestId(page), `focus after ${key}`).toBe(`tab-${tab}`);
      await waitForTab(page, tab);
    }
    await snap(page, '40-keyboard-dataset-tab');

    for (let presses = 0; presses < 20 && (await focusedTestId(page)) !== 'gallery-image'; presses++) {
      await page.keyboard.press('Tab');
    }
    expect(await focusedTestId(page)).toBe('gallery-image');
    await page.keyboard.press('Enter');
    const lightbox = page.getByTestId('lightbox');
    await lightbox.waitFor();
    await lightbox.getByText('1 of 4').waitFor();
    await page.keyboard.press('ArrowRight');
    await lightbox.getByText('2 of 4').waitFor();
    await snap(page, '41-keyboard-lightbox');
    await page.keyboard.press('Escape');
    await lightbox.waitFor({ state: 'detached' });
    expect(watched.flatMap((w) => w.pageErrors)).toEqual([]);
  });
});
