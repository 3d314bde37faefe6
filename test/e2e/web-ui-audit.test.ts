// The dataset audit in a real Chromium against a real `troupe serve` (sim provider, no S3 mirror): the health badge
// says Healthy after a job; a training file deleted and the manifest corrupted behind Troupe's back show up as
// problems; a repair rewrites the manifest and leaves the lost file listed, with why.
import { writeFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Locator } from 'playwright-core';
import { describe, expect, it, vi } from 'vitest';
import { manifestFileName, parseActorId } from '../../src/domain/actors/actor-id.js';
import { useActorWithSet } from './support/actor-with-set.js';
import { browserSupport, loadApp, snap } from './support/browser.js';
import { getJson } from './support/e2e-server.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

const ACTOR = '0005_e2e_audit';
const MANIFEST = manifestFileName(parseActorId(ACTOR));
const PHONE = { width: 390, height: 844 };

/** The kinds of the findings the report lists, in order. */
const findingKinds = (report: Locator): Promise<(string | null)[]> =>
  report.getByTestId('audit-finding').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-kind')));

describe.skipIf(browserSupport.shouldSkip)(browserSupport.suiteName('web UI: dataset audit'), () => {
  const fixture = useActorWithSet(ACTOR, 3);

  it('shows Healthy, then the problems made behind its back, and what a repair fixes and leaves', async () => {
    const opened = await fixture.openPage();
    const { page } = opened;
    await loadApp(page, `${fixture.server().url}/#/actors/${ACTOR}/dataset`);
    const badge = page.getByTestId('health-badge');
    await page.locator('[data-testid="health-badge"][data-healthy="true"]').waitFor();
    expect(await badge.textContent()).toBe('Healthy');
    await badge.click();
    const report = page.getByTestId('audit-report');
    await report.locator('.balance-ok').waitFor();
    expect(await badge.getAttribute('aria-expanded')).toBe('true');
    expect(await report.getByTestId('audit-counts').innerText()).toMatch(
      /Database\s+3 images\s+Manifest\s+3 entries\s+Disk\s+3 files\s+S3\s+S3 mirror off/,
    );
    expect(await report.getByTestId('audit-repair').count()).toBe(0);
    await page.getByTestId('gallery-image').nth(2).waitFor();
    await snap(page, '50-audit-healthy');

    const { images } = await getJson<{ images: { fileName: string }[] }>(
      fixture.server(),
      `/api/actors/${ACTOR}/images`,
    );
    const lost = images[0]!.fileName;
    await rm(path.join(fixture.server().dataDir, 'actors', ACTOR, 'training_data', lost));
    await writeFile(path.join(fixture.server().dataDir, 'actor_manifests', MANIFEST), '{"images": ');
    await page.reload();
    await page.locator('[data-testid="health-badge"][data-healthy="false"]').waitFor();
    expect(await badge.textContent()).toBe('2 problems');
    await badge.click();
    await report.getByTestId('audit-finding').first().waitFor();
    expect(await findingKinds(report)).toEqual(['missing_file', 'manifest_unreadable']);
    const manifestRow = report.locator('[data-kind="manifest_unreadable"]');
    expect(await manifestRow.getAttribute('data-repair')).toBe('rewrite_manifest');
    expect(await manifestRow.innerText()).toMatch(/cannot be read \(not valid JSON/);
    const lostRow = report.locator('[data-kind="missing_file"]');
    expect(await lostRow.getAttribute('data-repair')).toBe('none');
    expect(await lostRow.innerText()).toContain(lost);
    expect(await lostRow.innerText()).toMatch(/Left as is: no sound copy is left/);
    expect(await report.getByTestId('audit-counts').innerText()).toMatch(/Manifest\s+unreadable\s+Disk\s+2 files/);
    expect(await report.getByTestId('audit-repair').textContent()).toBe('Repair 1 problem');
    await snap(page, '51-audit-problems');

    await report.getByTestId('audit-repair').click();
    await page.locator('[data-testid="audit-report"][data-repaired="true"]').waitFor();
    expect(await findingKinds(report)).toEqual(['missing_file']);
    expect(await report.locator('[data-kind="missing_file"]').getAttribute('data-repair')).toBe('none');
    expect(await report.getByTestId('audit-applied').innerText()).toContain(MANIFEST);
    expect(await report.getByTestId('audit-repair-result').innerText()).toMatch(/Repair done\.\s+1 problem left/);
    expect(await report.getByTestId('audit-counts').innerText()).toMatch(/Manifest\s+3 entries/);
    expect(await report.getByTestId('audit-repair').count()).toBe(0);
    expect(await badge.textContent()).toBe('1 problem');
    await snap(page, '52-audit-repaired');

    const manifest = await fixture.server().readManifest(ACTOR);
    expect(Object.keys(manifest.images).sort()).toEqual(images.map((i) => i.fileName).sort());
    expect(opened.pageErrors).toEqual([]);
  });

  it('fits the open report on a phone screen without sideways scrolling of the page', async () => {
    const opened = await fixture.openPage(PHONE);
    const { page } = opened;
    await loadApp(page, `${fixture.server().url}/#/actors/${ACTOR}/jobs`);
    await page.locator('[data-testid="health-badge"][data-healthy="false"]').click();
    await page.getByTestId('audit-report').getByTestId('audit-finding').first().waitFor();
    await snap(page, '53-audit-phone');
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width + 1);
    await page.getByRole('button', { name: 'Close', exact: true }).click();
    expect(await page.getByTestId('audit-report').count()).toBe(0);
    expect(await page.getByTestId('health-badge').getAttribute('aria-expanded')).toBe('false');
    expect(opened.pageErrors).toEqual([]);
  });
});
