// The Dataset tab's tools in a real Chromium against a real `troupe serve`: edit a caption and pin from the lightbox,
// download the original, multi-select to pin and find-and-replace, delete a selection, and download an export that
// unzips into kohya's layout. The steps share one actor and run in order.
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { useActorWithSet } from './support/actor-with-set.js';
import { browserSupport, loadApp, snap } from './support/browser.js';
import { getJson } from './support/e2e-server.js';
import { parseKohyaFolderName, readZip } from '../support/trainer-readers.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

const ACTOR = '0005_e2e_dataset';

interface Listing {
  readonly trigger: string;
  readonly captions: { imageId: string; caption: string; body: string; source: string; isPinned: boolean }[];
}

describe.skipIf(browserSupport.shouldSkip)(browserSupport.suiteName('web UI: dataset tools'), () => {
  const fixture = useActorWithSet(ACTOR, 6);
  const listing = () => getJson<Listing>(fixture.server(), `/api/actors/${ACTOR}/captions`);

  it('edits a caption and pins an image in the lightbox, which also downloads the original', async () => {
    const { page } = await fixture.openPage();
    await loadApp(page, `${fixture.server().url}/#/actors/${ACTOR}/dataset`);
    await page.getByTestId('gallery-image').first().click();
    const editor = page.getByTestId('caption-editor');
    await editor.waitFor();
    await page.getByTestId('caption-input').fill('on a pier at dawn');
    await page.getByTestId('caption-save').click();
    await page.getByTestId('pin-toggle').click();
    await expect
      .poll(async () => (await listing()).captions[0])
      .toMatchObject({
        body: 'on a pier at dawn',
        source: 'edited',
        isPinned: true,
      });
    const download = page.waitForEvent('download');
    await page.getByTestId('download-original').click();
    expect((await download).suggestedFilename()).toMatch(new RegExp(`^${ACTOR}_\\d+\\.jpg$`));
    await snap(page, 'dataset-lightbox-caption');
  });

  it('selects images to pin and to find-and-replace in their captions, then deletes a selection', async () => {
    const { page } = await fixture.openPage();
    await loadApp(page, `${fixture.server().url}/#/actors/${ACTOR}/dataset`);
    await page.getByTestId('select-mode').click();
    const items = page.getByTestId('gallery-image');
    await items.nth(1).click();
    await items.nth(2).click();
    await expect.poll(() => page.getByTestId('selection-count').textContent()).toBe('2 selected');
    await page.getByTestId('pin-selected').click();
    await expect.poll(async () => (await listing()).captions.filter((c) => c.isPinned).length).toBe(3);
    const before = await listing();
    const selectedIds = new Set(before.captions.slice(1, 3).map((c) => c.imageId));
    await page.getByTestId('find-input').fill(', photo');
    await page.getByTestId('replace-input').fill(', film photo');
    await page.getByTestId('replace-submit').click();
    await page.getByTestId('replace-note').waitFor();
    const after = await listing();
    for (const [index, caption] of after.captions.entries()) {
      const old = before.captions[index]!.caption;
      const isChanged = selectedIds.has(caption.imageId) && old.includes(', photo');
      expect(caption.caption).toBe(isChanged ? old.replace(', photo', ', film photo') : old);
    }
    expect(after.captions.some((c) => c.caption.includes('film photo'))).toBe(true);
    await snap(page, 'dataset-selection');
    await page.getByTestId('selection-bar').getByRole('button', { name: 'Clear selection' }).click();
    await items.nth(5).click();
    await page.getByTestId('delete-selected').click();
    await page.getByRole('button', { name: 'Delete images' }).click();
    await expect.poll(async () => (await listing()).captions.length).toBe(5);
    await expect.poll(() => items.count()).toBe(5);
  });

  it('downloads a kohya export that unzips into the folder kohya reads', async () => {
    const { page } = await fixture.openPage();
    await loadApp(page, `${fixture.server().url}/#/actors/${ACTOR}/dataset`);
    await page.getByTestId('export-panel').locator('summary').click();
    await page.getByTestId('export-trigger').fill('ohwx');
    const download = page.waitForEvent('download');
    await page.getByTestId('export-submit').click();
    const file = path.join(fixture.server().workDir, 'download.zip');
    await (await download).saveAs(file);
    await page.getByTestId('export-note').waitFor();
    const entries = await readZip(file);
    const captions = [...entries.keys()].filter((n) => n.startsWith('img/') && n.endsWith('.txt'));
    expect(captions).toHaveLength(5);
    expect(parseKohyaFolderName(captions[0]!.split('/')[1]!)).toEqual({
      repeats: 10,
      trigger: 'ohwx',
      captionClass: 'woman',
    });
  });
});
