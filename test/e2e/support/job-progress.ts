import type { Page } from 'playwright-core';

/** One state of a job card's bars as rendered. */
export interface ProgressSample {
  readonly status: string;
  readonly images: number;
  readonly attempts: number;
  /** The success-rate badge as shown: its text and its data-color. */
  readonly rate: string;
  readonly rateColor: string;
  readonly atMs: number;
}

// Runs in the page: a MutationObserver that records every distinct (status, images, attempts, rate) the first job card
// renders, so the test sees each intermediate value however briefly it is shown, without sampling on a timer.
const INSTALL_RECORDER = `(() => {
  const samples = [];
  const read = () => {
    const card = document.querySelector('[data-testid="job-card"]');
    if (!card) return;
    const value = (id) => Number(card.querySelector('[data-testid="' + id + '"]')?.getAttribute('data-value'));
    const rate = card.querySelector('[data-testid="success-rate"]');
    const next = {
      status: card.getAttribute('data-status'), images: value('images-progress'), attempts: value('attempts-progress'),
      rate: (rate?.textContent ?? '').trim(), rateColor: rate?.getAttribute('data-color') ?? '', atMs: Math.round(performance.now()),
    };
    const last = samples[samples.length - 1];
    const keys = ['status', 'images', 'attempts', 'rate', 'rateColor'];
    if (!last || keys.some((key) => last[key] !== next[key])) samples.push(next);
  };
  new MutationObserver(read).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true, attributeFilter: ['data-value', 'data-status', 'data-color'] });
  window.__troupeProgress = samples;
  read();
})()`;

/** Starts recording the first job card's progress; survives hash navigation (not a reload). */
export async function recordJobProgress(page: Page): Promise<() => Promise<ProgressSample[]>> {
  await page.evaluate(INSTALL_RECORDER);
  return () => page.evaluate<ProgressSample[]>('window.__troupeProgress.slice()');
}

/** The distinct non-zero values one bar showed while the job was still processing: live movement, not the end. */
export function liveValues(samples: readonly ProgressSample[], bar: 'images' | 'attempts'): number[] {
  return [...new Set(samples.filter((s) => s.status === 'processing' && s[bar] > 0).map((s) => s[bar]))];
}

/** The color the success-rate badge should have for the percent it shows: green from 80, yellow from 50, red below. */
export function expectedRateColor(rateText: string): string {
  const percent = /([\d.]+)%/.exec(rateText)?.[1];
  if (percent === undefined) return 'none';
  const value = Number(percent);
  return value >= 80 ? 'green' : value >= 50 ? 'yellow' : 'red';
}

/** The distinct values of one bar in the order shown. */
export function distinctInOrder(samples: readonly ProgressSample[], bar: 'images' | 'attempts'): number[] {
  const values: number[] = [];
  for (const sample of samples) if (values[values.length - 1] !== sample[bar]) values.push(sample[bar]);
  return values;
}
