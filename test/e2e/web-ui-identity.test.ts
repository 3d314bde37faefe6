// The identity check in a real Chromium against a real `troupe serve`: an actor from a photo, a gated job on the
// sim's drift scenario, verdict badges on every thumbnail, the verdict filter, the lightbox's face comparison, and
// "keep anyway" on an output the gate set aside.
import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
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
import { startJobViaApi } from './support/seed-actor.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 240_000 });

const ACTOR = '0005_e2e_identity';
const JOB_IMAGES = 6;
let keptImages = 0;
let setAside = 0;
const setAsideCount = () => setAside;

describe.skipIf(browserSupport.shouldSkip)(browserSupport.suiteName('web UI: identity'), () => {
  let server: E2eServer;
  let browser: Browser;
  const watched: WatchedPage[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    server = await startE2eServer('50-150');
    const form = new FormData();
    form.append('id', ACTOR);
    form.append('descriptor', 'woman');
    form.append(
      'baseImage',
      new Blob([await readFile('test/fixtures/faces/actor.jpg')], { type: 'image/jpeg' }),
      'actor.jpg',
    );
    const added = await fetch(`${server.url}/api/actors`, { method: 'POST', body: form });
    expect(added.status).toBe(201);
    // The drift scenario shows someone else in 30% of its outputs, drawn at random: jobs until one was set aside.
    for (let jobs = 0; jobs < 4 && setAsideCount() === 0; jobs += 1) {
      const job = await startJobViaApi(server, {
        actorId: ACTOR,
        count: JOB_IMAGES,
        types: 'photorealistic',
        provider: 'sim',
        scenario: 'drift',
      });
      // Every output's face is analysed on the way in: on a busy machine that takes longer than a sim job alone.
      await vi.waitFor(
        async () =>
          expect((await getJson<{ job: { status: string } }>(server, `/api/jobs/${job.id}`)).job.status).toBe(
            'completed',
          ),
        { timeout: 200_000, interval: 250 },
      );
      keptImages += JOB_IMAGES;
      setAside = (await getJson<{ setAside: unknown[] }>(server, `/api/actors/${ACTOR}/identity`)).setAside.length;
    }
  });

  afterEach(snapOnFailure(() => watched.map((w) => w.page)));

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows a verdict on every thumbnail, filters by it, compares faces in the lightbox, and keeps a set-aside image anyway', async () => {
    const opened = await openPage(browser);
    watched.push(opened);
    const { page } = opened;
    const identity = await getJson<{ setAside: { id: string }[] }>(server, `/api/actors/${ACTOR}/identity`);
    expect(identity.setAside.length).toBeGreaterThan(0);

    await loadApp(page, `${server.url}/#/actors/${ACTOR}/dataset`);
    const badges = page.getByTestId('identity-badge');
    await expect.poll(() => badges.count(), { timeout: 30_000 }).toBe(keptImages);
    for (const badge of await badges.all()) expect(await badge.getAttribute('data-verdict')).toBe('same_person');
    await expect.poll(() => page.getByTestId('off-model-item').count()).toBe(identity.setAside.length);
    await snap(page, 'identity-dataset');

    const first = page.getByTestId('off-model-item').first();
    const keptId = await first.getAttribute('data-off-model-id');
    await first.getByTestId('keep-anyway').click();
    await expect.poll(() => page.locator(`[data-off-model-id="${keptId}"]`).count(), { timeout: 30_000 }).toBe(0);
    await expect.poll(() => badges.count(), { timeout: 30_000 }).toBe(keptImages + 1);
    const different = page.locator('[data-testid="identity-badge"][data-verdict="different_person"]');
    await expect.poll(() => different.count()).toBe(1);

    await page.locator('[data-testid="verdict-filter"] [data-verdict="different_person"]').click();
    await expect.poll(() => page.getByTestId('gallery-image').count()).toBe(1);
    await page.getByTestId('gallery-image').first().click();
    const distance = page.getByTestId('face-distance');
    await distance.waitFor();
    expect(await distance.textContent()).toMatch(/^different person \(face distance 0\.\d\d\)$/);
    expect(await page.locator('[data-testid="face-compare"] [role="img"]').count()).toBe(2);
    await snap(page, 'identity-lightbox');
    expect(opened.pageErrors).toEqual([]);
  });
});
