// The Balance tab in a real Chromium against a real `troupe serve` (sim provider, real time): plan a top-up to a
// target mix, execute it, follow the top-up job live and see the plan come back balanced; then plan deletions and a
// bad target without executing. The steps share one actor and run in order.
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it, vi } from 'vitest';
import { useActorWithSet } from './support/actor-with-set.js';
import { browserSupport, loadApp, snap } from './support/browser.js';
import { getJson } from './support/e2e-server.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

const ACTOR = '0004_e2e_balance';
const IMAGE_TYPES = ['photorealistic', 'bw_stylized', 'color_stylized'] as const;
const TARGET = { photorealistic: 6, bw_stylized: 3, color_stylized: 3 } as const;
const TARGET_SPEC = 'photorealistic=6,bw_stylized=3,color_stylized=3';
const PHONE = { width: 390, height: 844 };

interface ApiActor {
  readonly actor: { readonly imageCount: number; readonly countsByType: Record<string, number> };
}

type Column = 'now' | 'after' | 'target' | 'generate';

/** One number of the plan table as shown. */
const cell = async (plan: Locator, type: string, column: Column): Promise<number> =>
  Number(await plan.locator(`[data-testid="balance-row"][data-type="${type}"] [data-col="${column}"]`).textContent());

const naturalWidth = (img: Locator): Promise<number> =>
  img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth);

const overflowWidth = (page: Page): Promise<number> => page.evaluate<number>('document.documentElement.scrollWidth');

/** Waits until the shown plan is settled and answers the target given (the first plan may still be on screen). */
async function settledPlan(page: Page, targets: Record<string, number>): Promise<Locator> {
  const plan = page.locator('[data-testid="balance-plan"][aria-busy="false"]');
  await plan.waitFor();
  for (const type of IMAGE_TYPES) {
    await expect.poll(() => cell(plan, type, 'target'), { timeout: 30_000 }).toBe(targets[type]);
  }
  return plan;
}

describe.skipIf(browserSupport.shouldSkip)(browserSupport.suiteName('web UI: balance tab'), () => {
  const fixture = useActorWithSet(ACTOR, 8);

  it('plans a top-up to a target mix, executes it, follows the job and ends balanced with 12 images', async () => {
    const opened = await fixture.openPage();
    const { page } = opened;
    await loadApp(page, `${fixture.server().url}/#/actors/${ACTOR}/balance`);
    await page.locator('[data-testid="tab-balance"][aria-selected="true"]').waitFor();
    // Fetched when the tab opens: the default target keeps the set's 8 images, split 15/11/9.
    await settledPlan(page, { photorealistic: 3, bw_stylized: 3, color_stylized: 2 });

    await page.getByTestId('balance-target-input').fill(TARGET_SPEC);
    // Only topping up: the sim's random crops are sometimes near-duplicates, which a plan that deletes would remove.
    await page.getByTestId('balance-no-delete').check();
    await page.getByTestId('scenario-select').selectOption('perfect');
    await page.getByTestId('balance-plan-button').click();
    const plan = await settledPlan(page, TARGET);

    expect(await plan.getAttribute('data-balanced')).toBe('false');
    for (const type of IMAGE_TYPES) {
      const [after, generate] = [await cell(plan, type, 'after'), await cell(plan, type, 'generate')];
      expect(after + generate, `${type}: after deletions + generate`).toBe(TARGET[type]);
    }
    expect(await plan.getByTestId('balance-deletion').count()).toBe(0);
    expect(await plan.getByTestId('balance-cost').textContent()).toMatch(
      /^Generate 4 \(.+\) on sim: estimated \$0\.16/,
    );
    await snap(page, 'balance-plan');

    await plan.getByTestId('balance-execute').click();
    expect(await page.getByTestId('balance-confirm-text').textContent()).toBe('Delete 0 images and generate 4.');
    await page.getByTestId('confirm-yes').click();

    const log = page.getByTestId('balance-log');
    await log.locator('li', { hasText: 'Total available prompts: 35' }).waitFor();
    expect(await log.locator('li', { hasText: /^Current max image number: 8, starting at: 9$/ }).count()).toBe(1);
    await page.locator('[data-testid="job-card"][data-status="completed"]').waitFor({ timeout: 60_000 });
    await page.locator('[data-testid="balance-plan"][data-balanced="true"][aria-busy="false"]').waitFor();
    await page.getByText('The set is balanced: nothing to do.').waitFor();
    expect(await page.getByTestId('balance-execute').isDisabled()).toBe(true);
    await snap(page, 'balance-done');

    const { actor } = await getJson<ApiActor>(fixture.server(), `/api/actors/${ACTOR}`);
    expect(actor.imageCount).toBe(12);
    expect(actor.countsByType).toEqual(TARGET);
    expect(opened.pageErrors).toEqual([]);
  });

  it('lists planned deletions with thumbnails and reasons, fits a phone, and shows a bad target inline', async () => {
    const opened = await fixture.openPage(PHONE);
    const { page } = opened;
    await loadApp(page, `${fixture.server().url}/#/actors/${ACTOR}/balance`);
    await settledPlan(page, { photorealistic: 5, bw_stylized: 4, color_stylized: 3 });

    // 6 photorealistic images for a target of 1: at least 5 go, over quota unless already a duplicate.
    await page.getByTestId('balance-target-input').fill('photorealistic=1,bw_stylized=3,color_stylized=3');
    await page.getByTestId('balance-plan-button').click();
    const plan = await settledPlan(page, { photorealistic: 1, bw_stylized: 3, color_stylized: 3 });
    const deletions = plan.getByTestId('balance-deletion');
    expect(await deletions.count()).toBeGreaterThanOrEqual(5);
    expect(
      await deletions.filter({ hasText: 'over quota for photorealistic (target 1;' }).count(),
    ).toBeGreaterThanOrEqual(1);

    const images = (
      await getJson<{ images: { id: string; fileName: string }[] }>(fixture.server(), `/api/actors/${ACTOR}/images`)
    ).images;
    for (const row of await deletions.all()) {
      const imageId = await row.getAttribute('data-image-id');
      const image = images.find((i) => i.id === imageId);
      expect(image, 'a deletion names an image of the set').toBeDefined();
      expect(await row.textContent()).toContain(image?.fileName);
      await expect.poll(() => naturalWidth(row.locator('img')), { timeout: 30_000 }).toBeGreaterThan(0);
    }
    await snap(page, 'balance-phone-deletions');
    expect(await overflowWidth(page), 'sideways overflow at phone width').toBeLessThanOrEqual(PHONE.width + 1);
    const table = plan.locator('.table-scroll');
    expect(await table.evaluate((el) => el.scrollWidth - el.clientWidth), 'the plan table scrolls sideways').toBe(0);
    const tab = await page.getByTestId('tab-balance').boundingBox();
    expect((tab?.x ?? -1) + (tab?.width ?? 0), 'the selected tab is scrolled into the strip').toBeLessThanOrEqual(
      PHONE.width,
    );

    await page.getByTestId('balance-target-input').fill('sepia=3');
    await page.getByTestId('balance-target-input').press('Enter');
    const error = page.getByTestId('error-message');
    await error.waitFor();
    expect(await error.textContent()).toContain('"sepia=3" is not a type');
    expect(await page.getByTestId('balance-plan').count()).toBe(0);
    const { actor } = await getJson<ApiActor>(fixture.server(), `/api/actors/${ACTOR}`);
    expect(actor.imageCount).toBe(12);
    expect(opened.pageErrors).toEqual([]);
  });
});
