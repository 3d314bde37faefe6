// How numbers, money, times and types read on screen.
import type { ImageType } from './api/types';

export const TYPE_LABELS: Record<ImageType, string> = {
  photorealistic: 'Photorealistic',
  bw_stylized: 'B&W stylized',
  color_stylized: 'Color stylized',
};

export function typeLabel(type: string | null): string {
  if (type === null) return 'Untyped';
  return (TYPE_LABELS as Record<string, string>)[type] ?? type;
}

/** "1 image", "2 images". */
export function countOf(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

export function formatUsd(amountUsd: number): string {
  const digits = amountUsd !== 0 && Math.abs(amountUsd) < 0.01 ? 3 : 2;
  return `$${amountUsd.toFixed(digits)}`;
}

export function formatPercent(percent: number): string {
  return `${percent.toFixed(1)}%`;
}

/** 0.993 → "99.3%"; near-certainty keeps a decimal so 99.9% and 100% stay apart. */
export function formatChance(probability: number): string {
  const percent = 100 * probability;
  if (percent > 99.95 && percent < 100) return '>99.9%';
  return `${percent.toFixed(1).replace(/\.0$/, '')}%`;
}

export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** `42s`, `3m 05s`, `1h 02m`. */
export function formatElapsed(elapsedMs: number): string {
  const seconds = Math.max(0, Math.floor(elapsedMs / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}

export function formatBytes(sizeBytes: number): string {
  if (sizeBytes < 1024) return `${sizeBytes} B`;
  if (sizeBytes < 1024 * 1024) return `${Math.round(sizeBytes / 1024)} KB`;
  return `${(sizeBytes / (1024 * 1024)).toFixed(1)} MB`;
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}
