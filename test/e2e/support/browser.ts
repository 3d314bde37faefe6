import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { vi } from 'vitest';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const MISSING_CHROMIUM = `Chromium is missing: apt-get install -y chromium (expected at ${CHROMIUM_PATH})`;

const SCREENSHOT_DIR = fileURLToPath(new URL('../../../test-results/e2e', import.meta.url));

/**
 * Whether browser suites run here: they skip without Chromium, except on CI (`CI` set), where the missing browser is
 * a failure so a green build always means the browser tests ran.
 */
export const browserSupport = {
  hasChromium: existsSync(CHROMIUM_PATH),
  isCi: Boolean(process.env.CI),
  get shouldSkip(): boolean {
    return !this.hasChromium && !this.isCi;
  },
  suiteName(name: string): string {
    return this.shouldSkip ? `${name} (skipped: ${MISSING_CHROMIUM})` : name;
  },
};

export async function launchChromium(): Promise<Browser> {
  if (!browserSupport.hasChromium) throw new Error(MISSING_CHROMIUM);
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

export interface WatchedPage {
  readonly page: Page;
  /** Uncaught exceptions in the page: a healthy UI has none. */
  readonly pageErrors: string[];
  /** `console.error` lines, kept for the report (a failed request also logs one). */
  readonly consoleErrors: string[];
}

export async function openPage(browser: Browser, viewport = { width: 1280, height: 800 }): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const watched: WatchedPage = { page, pageErrors: [], consoleErrors: [] };
  page.on('pageerror', (error) => watched.pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') watched.consoleErrors.push(message.text());
  });
  return watched;
}

/**
 * The first load of the app in a page. Reloads until the app shell shows: another process rebuilding web/dist (a
 * parallel `vite build` empties it first) briefly makes the server answer "The web UI is not built".
 */
export async function loadApp(page: Page, url: string): Promise<void> {
  let loads = 0;
  await vi.waitFor(
    async () => {
      if (loads++ === 0) await page.goto(url);
      else await page.reload();
      await page.locator('header.topbar').waitFor({ timeout: 3_000 });
    },
    { timeout: 30_000, interval: 500 },
  );
}

/** An afterEach hook: a screenshot of every open page of a test that failed, named FAILED-<test>-<n>.png. */
export function snapOnFailure(pages: () => readonly Page[]) {
  return async ({ task }: { task: { name: string; result?: { state?: string } } }): Promise<void> => {
    if (task.result?.state !== 'fail') return;
    const name = task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
    for (const [index, page] of pages().entries()) await snap(page, `FAILED-${name}-${index}`).catch(() => undefined);
  };
}

/** A full-page screenshot at test-results/e2e/<name>.png (a CI artifact); returns its path. */
export async function snap(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
