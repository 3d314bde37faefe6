// The web UI in a real Chromium against a real `troupe serve` (sim provider, real time): create an actor, run a job
// and watch it live, browse, filter and delete images. The steps share one actor and run in order.
import type { Browser, Locator, Page } from 'playwright-core';
import { derivedAttemptBudget } from '../../src/domain/policy/attempt-budget.js';
import { priorEstimate, SCENARIO_PSEUDO_COUNT } from '../../src/domain/policy/beta-estimate.js';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { writeBaseImage } from '../support/test-troupe.js';
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
import { distinctInOrder, expectedRateColor, liveValues, recordJobProgress } from './support/job-progress.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

const ACTOR = '0001_e2e_woman';
const IMAGE_TYPES = ['photorealistic', 'bw_stylized', 'color_stylized'] as const;

interface ApiImage {
  readonly id: string;
  readonly prompt: string | null;
}

const naturalWidth = (img: Locator): Promise<number> =>
  img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth);

const currentHash = (page: Page): Promise<string> => page.evaluate<string>('location.hash');

describe.skipIf(browserSupport.shouldSkip)(browserSupport.suiteName('web UI: actor, job, gallery'), () => {
  let server: E2eServer;
  let browser: Browser;
  let watched: WatchedPage;
  let page: Page;
  let jobId: string;

  beforeAll(async () => {
    browser = await launchChromium();
    server = await startE2eServer('150-400');
    watched = await openPage(browser);
    page = watched.page;
  });

  afterEach(snapOnFailure(() => [page]));

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('creates an actor by uploading a base image, and refuses an invalid id before uploading', async () => {
    const actorPosts: number[] = [];
    page.on('response', (response) => {
      if (response.request().method() === 'POST' && new URL(response.url()).pathname === '/api/actors')
        actorPosts.push(response.status());
    });
    await loadApp(page, `${server.url}/#/`);
    await page.getByRole('heading', { name: 'No actors yet' }).waitFor();
    await snap(page, '01-actors-empty');

    await page.getByTestId('new-actor-button').click();
    await page.getByTestId('actor-id-input').fill('../x');
    await page.getByTestId('actor-descriptor-input').fill('woman');
    await page.getByTestId('base-image-input').setInputFiles(await writeBaseImage(server.workDir, 'upload.png'));
    const preview = page.getByAltText('Preview of the chosen base image');
    await preview.waitFor();
    await expect.poll(() => naturalWidth(preview), { timeout: 30_000 }).toBe(640);
    await page.getByTestId('create-actor-submit').click();
    const error = page.getByTestId('error-message');
    await error.waitFor();
    expect(await error.textContent()).toContain('Actor id "../x" is invalid');
    expect(await page.locator('.field-error').textContent()).toContain('lowercase letters, digits and underscores');
    await snap(page, '02-new-actor-invalid-id');
    expect(actorPosts.filter((status) => status < 400)).toEqual([]);
    expect((await getJson<{ actors: unknown[] }>(server, '/api/actors')).actors).toEqual([]);

    await page.getByTestId('actor-id-input').fill(ACTOR);
    await snap(page, '03-new-actor-filled');
    await page.getByTestId('create-actor-submit').click();
    await expect.poll(() => currentHash(page), { timeout: 30_000 }).toBe(`#/actors/${ACTOR}/generate`);
    await page.getByRole('heading', { level: 1, name: ACTOR }).waitFor();
    expect(actorPosts).toEqual([201]);
    await snap(page, '04-actor-created');

    await page.getByRole('link', { name: '← Actors' }).click();
    const card = page.locator(`[data-testid="actor-card"][data-actor-id="${ACTOR}"]`);
    await card.waitFor();
    expect(await card.textContent()).toContain('0 training images');
    await expect.poll(() => naturalWidth(card.locator('img')), { timeout: 30_000 }).toBeGreaterThan(0);
    await snap(page, '05-actors-list');
  });

  it('previews the retry plan live, starts a job and shows both bars moving until it completes', async () => {
    await page.locator(`[data-testid="actor-card"][data-actor-id="${ACTOR}"]`).click();
    await page.getByTestId('tab-generate').click();
    const maxAttempts = page.getByTestId('preview-max-attempts');
    const expectPlan = async (count: number, seedCap: number): Promise<void> => {
      await page.getByTestId('count-input').fill(String(count));
      await page.locator('[data-testid="retry-preview"][aria-busy="false"]').waitFor();
      const budget = derivedAttemptBudget(count, priorEstimate(0.85, SCENARIO_PSEUDO_COUNT));
      await expect
        .poll(() => maxAttempts.textContent(), { timeout: 30_000 })
        .toBe(`${budget} (auto: 99% odds) · seed cap ${seedCap}`);
      const odds = page.getByTestId('preview-odds');
      expect(await odds.textContent()).toMatch(
        new RegExp(`^(>99\\.9|99(\\.\\d)?|100)% chance of reaching ${count} images$`),
      );
      expect(await odds.getAttribute('data-color')).toBe('green');
    };
    await page.getByTestId('scenario-select').selectOption('high');
    await expectPlan(6, 15);
    await expectPlan(10, 23);
    await expectPlan(6, 15);
    await snap(page, '06-generate-plan');

    const readProgress = await recordJobProgress(page);
    await page.getByTestId('start-generation').click();
    await expect.poll(() => currentHash(page), { timeout: 30_000 }).toBe(`#/actors/${ACTOR}/jobs`);
    const card = page.getByTestId('job-card');
    await card.waitFor();
    jobId = (await card.getAttribute('data-job-id')) ?? '';
    await page.waitForFunction(
      `(() => { const card = document.querySelector('[data-testid="job-card"]');
        const images = Number(card?.querySelector('[data-testid="images-progress"]')?.getAttribute('data-value'));
        return card?.getAttribute('data-status') === 'processing' && images >= 1 && images < 6; })()`,
      undefined,
      { timeout: 30_000 },
    );
    await snap(page, '07-job-running');
    await page.locator('[data-testid="job-card"][data-status="completed"]').waitFor({ timeout: 30_000 });
    await snap(page, '08-job-completed');

    const samples = await readProgress();
    const images = distinctInOrder(samples, 'images');
    const attempts = distinctInOrder(samples, 'attempts');
    console.info(`job ${jobId}: images shown ${images.join(' → ')}; attempts shown ${attempts.join(' → ')}`);
    console.info(
      `job ${jobId}: rendered states ${samples.map((s) => `${s.status[0]}:${s.images}/${s.attempts} "${s.rate}" ${s.rateColor} @${s.atMs}`).join(' | ')}`,
    );
    const imagesBar = card.getByTestId('images-progress');
    const attemptsBar = card.getByTestId('attempts-progress');
    const finalAttempts = Number(await attemptsBar.getAttribute('data-value'));
    expect(await imagesBar.getAttribute('data-value')).toBe('6');
    expect(await imagesBar.getAttribute('data-max')).toBe('6');
    const budget = derivedAttemptBudget(6, priorEstimate(0.85, SCENARIO_PSEUDO_COUNT));
    expect(await attemptsBar.getAttribute('data-max')).toBe(String(budget));
    expect(images).toEqual([...images].sort((a, b) => a - b));
    expect(attempts).toEqual([...attempts].sort((a, b) => a - b));
    expect(liveValues(samples, 'images').length).toBeGreaterThanOrEqual(2);
    expect(liveValues(samples, 'attempts').length).toBeGreaterThanOrEqual(2);
    expect(finalAttempts).toBeGreaterThanOrEqual(6);
    expect(finalAttempts).toBeLessThanOrEqual(budget);

    const rate = card.getByTestId('success-rate');
    const rateText = (await rate.textContent()) ?? '';
    const job = (await getJson<{ job: { successRate: number } }>(server, `/api/jobs/${jobId}`)).job;
    expect(Number(/([\d.]+)%/.exec(rateText)?.[1])).toBeCloseTo(job.successRate, 1);
    expect(await rate.getAttribute('data-color')).toBe(expectedRateColor(rateText));
    for (const sample of samples)
      expect(sample.rateColor, `rate badge "${sample.rate}"`).toBe(expectedRateColor(sample.rate));

    await card.getByRole('button', { name: 'Attempts', exact: true }).click();
    await expect.poll(() => card.getByTestId('attempt-row').count(), { timeout: 30_000 }).toBe(finalAttempts);
    expect(await card.locator('[data-testid="attempt-row"][data-status="succeeded"]').count()).toBe(6);
    await snap(page, '09-job-attempts');
  });

  it('shows the six images in the gallery, filters them by type and opens one in the lightbox', async () => {
    await page.getByTestId('tab-dataset').click();
    const gallery = page.getByTestId('gallery-image');
    await expect.poll(() => gallery.count(), { timeout: 30_000 }).toBe(6);
    for (const item of await gallery.all()) {
      await item.scrollIntoViewIfNeeded();
      await expect.poll(() => naturalWidth(item.locator('img')), { timeout: 30_000 }).toBeGreaterThan(0);
    }
    await page.evaluate('window.scrollTo(0, 0)');
    await snap(page, '10-dataset');

    const filter = page.getByTestId('type-filter');
    let shownByType = 0;
    for (const type of IMAGE_TYPES) {
      const segment = filter.locator(`button[data-type="${type}"]`);
      await segment.click();
      const counted = Number(await segment.locator('.count').textContent());
      await expect.poll(() => gallery.count(), { timeout: 30_000 }).toBe(counted);
      if (counted > 0) await snap(page, `11-dataset-filter-${type}`);
      shownByType += counted;
    }
    expect(shownByType).toBe(6);
    await filter.locator('button[data-type="all"]').click();
    await expect.poll(() => gallery.count()).toBe(6);

    const first = gallery.first();
    const imageId = await first.getAttribute('data-image-id');
    const listed = (await getJson<{ images: ApiImage[] }>(server, `/api/actors/${ACTOR}/images`)).images;
    const prompt = listed.find((image) => image.id === imageId)?.prompt;
    expect(prompt).toBeTruthy();
    await first.click();
    const lightbox = page.getByTestId('lightbox');
    await lightbox.waitFor();
    expect(await lightbox.textContent()).toContain(prompt);
    await expect.poll(() => naturalWidth(lightbox.locator('img')), { timeout: 30_000 }).toBeGreaterThan(0);
    await snap(page, '12-lightbox');
    await page.keyboard.press('Escape');
    await lightbox.waitFor({ state: 'detached' });
  });

  it('deletes an image from the lightbox: the gallery, the API and the manifest on disk all show five', async () => {
    const gallery = page.getByTestId('gallery-image');
    const victim = gallery.nth(1);
    const imageId = await victim.getAttribute('data-image-id');
    await victim.click();
    const lightbox = page.getByTestId('lightbox');
    await lightbox.waitFor();
    await page.getByTestId('delete-image').click();
    await page.getByTestId('confirm-yes').waitFor();
    await snap(page, '13-delete-confirm');
    await page.getByTestId('confirm-yes').click();
    await expect.poll(() => gallery.count(), { timeout: 30_000 }).toBe(5);
    await page.keyboard.press('Escape');
    await lightbox.waitFor({ state: 'detached' });
    expect(await page.locator(`[data-image-id="${imageId}"]`).count()).toBe(0);
    await page.getByText('5 training images').waitFor();
    await snap(page, '14-dataset-after-delete');

    const listed = (await getJson<{ images: ApiImage[] }>(server, `/api/actors/${ACTOR}/images`)).images;
    expect(listed).toHaveLength(5);
    expect(listed.map((image) => image.id)).not.toContain(imageId);
    const manifest = await server.readManifest(ACTOR);
    expect(manifest.total_images).toBe(5);
    expect(Object.keys(manifest.images)).toHaveLength(5);
  });

  it('raised no uncaught error in the page', () => {
    if (watched.consoleErrors.length > 0) console.info(`console errors: ${watched.consoleErrors.join(' | ')}`);
    expect(watched.pageErrors).toEqual([]);
  });
});
