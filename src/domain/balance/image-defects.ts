import type { ImageRecord } from '../images/image-record.js';
import type { ImageMeasurements } from '../evaluation/image-measurements.js';
import { hammingDistance } from '../evaluation/hamming.js';
import { isStylized } from '../evaluation/color-style.js';
import type { ImageType } from '../prompts/image-type.js';
import type { QualityThresholds } from './quality-thresholds.js';

/** An image of the set with what was measured of it; `measurements` is null when the file could not be read. */
export interface EvaluatedImage {
  readonly image: ImageRecord;
  readonly measurements: ImageMeasurements | null;
  /** Why the file could not be measured (missing, corrupt). */
  readonly unreadable?: string;
}

export type Defect =
  | { readonly kind: 'corrupt'; readonly detail: string }
  | { readonly kind: 'duplicate'; readonly of: string; readonly distance: number }
  | { readonly kind: 'mislabelled'; readonly label: ImageType; readonly pixels: 'monochrome' | 'color' }
  | { readonly kind: 'too_small'; readonly width: number; readonly height: number }
  | { readonly kind: 'blurry'; readonly sharpness: number; readonly median: number }
  | { readonly kind: 'dark'; readonly p99: number }
  | { readonly kind: 'washed_out'; readonly p5: number }
  | { readonly kind: 'low_information'; readonly entropyBits: number }
  | { readonly kind: 'odd_aspect'; readonly ratio: number }
  | { readonly kind: 'over_quota'; readonly type: ImageType; readonly target: number }
  /** The identity check (domain/identity/identity-defects.ts). */
  | { readonly kind: 'different_person'; readonly distance: number; readonly setMax: number }
  | { readonly kind: 'no_face' };

/** Deletion order when a cap forces a choice: the worst problems first. */
export const DEFECT_PRIORITY: readonly Defect['kind'][] = [
  'corrupt',
  'different_person',
  'duplicate',
  'mislabelled',
  'no_face',
  'too_small',
  'blurry',
  'dark',
  'washed_out',
  'low_information',
  'odd_aspect',
  'over_quota',
];

/** Every quality problem of every image, by image id. Images without problems are absent. */
export function findDefects(set: readonly EvaluatedImage[], t: QualityThresholds): Map<string, Defect[]> {
  const defects = new Map<string, Defect[]>();
  const add = (id: string, defect: Defect) => defects.set(id, [...(defects.get(id) ?? []), defect]);
  const measured = set.filter(
    (e): e is EvaluatedImage & { measurements: ImageMeasurements } => e.measurements !== null,
  );
  const median = medianOf(measured.map((e) => e.measurements.sharpness));
  for (const entry of set) {
    if (entry.measurements === null) add(entry.image.id, { kind: 'corrupt', detail: entry.unreadable ?? 'unreadable' });
  }
  for (const [id, defect] of duplicateDefects(measured, t)) add(id, defect);
  for (const { image, measurements: m } of measured) {
    for (const defect of singleImageDefects(image, m, t, measured.length >= t.minSetForSharpness ? median : undefined))
      add(image.id, defect);
  }
  return defects;
}

function singleImageDefects(
  image: ImageRecord,
  m: ImageMeasurements,
  t: QualityThresholds,
  median: number | undefined,
): Defect[] {
  const found: Defect[] = [];
  const pixels = m.colorClass === 'uncertain' ? undefined : m.colorClass;
  const isMislabelled =
    image.type !== null && pixels !== undefined && (image.type === 'bw_stylized') !== (pixels === 'monochrome');
  if (isMislabelled) found.push({ kind: 'mislabelled', label: image.type!, pixels: pixels! });
  if (Math.min(m.width, m.height) < t.minSidePx) found.push({ kind: 'too_small', width: m.width, height: m.height });
  if (median !== undefined && median > 0 && m.sharpness < t.blurryShareOfMedian * median)
    found.push({ kind: 'blurry', sharpness: m.sharpness, median });
  if (m.brightnessP99 < t.darkP99) found.push({ kind: 'dark', p99: m.brightnessP99 });
  if (m.brightnessP5 > t.washedOutP5) found.push({ kind: 'washed_out', p5: m.brightnessP5 });
  if (m.entropyBits < t.minEntropyBits) found.push({ kind: 'low_information', entropyBits: m.entropyBits });
  const ratio = Math.max(m.width, m.height) / Math.max(1, Math.min(m.width, m.height));
  if (ratio > t.maxAspectRatio) found.push({ kind: 'odd_aspect', ratio });
  return found;
}

/**
 * Near-duplicates form groups (any chain of close pairs); the best of each group stays and the others are marked as
 * duplicates of it. Best = most pixels, then most bytes (least compressed: a re-encode's artifacts can look sharper
 * than its source), then sharpest, then lowest number.
 */
function duplicateDefects(
  measured: readonly (EvaluatedImage & { measurements: ImageMeasurements })[],
  t: QualityThresholds,
): Map<string, Defect> {
  const parent = measured.map((_, i) => i);
  const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i]!)));
  const closest = new Map<number, number>();
  for (let i = 0; i < measured.length; i += 1) {
    for (let j = i + 1; j < measured.length; j += 1) {
      if (!isSameKind(measured[i]!, measured[j]!)) continue;
      const a = measured[i]!.measurements;
      const b = measured[j]!.measurements;
      const distance = hammingDistance(a.pHash, b.pHash);
      if (distance <= t.duplicatePHashBits && hammingDistance(a.dHash, b.dHash) <= t.duplicateDHashBits) {
        parent[root(j)] = root(i);
        closest.set(i, Math.min(closest.get(i) ?? 64, distance));
        closest.set(j, Math.min(closest.get(j) ?? 64, distance));
      }
    }
  }
  const groups = new Map<number, number[]>();
  measured.forEach((_, i) => groups.set(root(i), [...(groups.get(root(i)) ?? []), i]));
  const result = new Map<string, Defect>();
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    const [best, ...rest] = [...members].sort((x, y) => betterFirst(measured[x]!, measured[y]!));
    for (const i of rest) {
      result.set(measured[i]!.image.id, {
        kind: 'duplicate',
        of: measured[best!]!.image.fileName,
        distance: closest.get(i) ?? 0,
      });
    }
  }
  return result;
}

/**
 * A black-and-white and a color version of one framing are different training images, though their luma hashes
 * match: duplicates are sought within a type (an unlabelled image by the type its pixels show).
 */
function isSameKind(a: EvaluatedImage, b: EvaluatedImage): boolean {
  const typeA = typeOf(a);
  const typeB = typeOf(b);
  return typeA === 'unknown' || typeB === 'unknown' || typeA === typeB;
}

/** An image's type: its label, or for an unlabelled image what its pixels say; `unknown` only when unreadable. */
export function typeOf(entry: EvaluatedImage): ImageType | 'unknown' {
  if (entry.image.type !== null) return entry.image.type;
  return entry.measurements === null ? 'unknown' : typeFromPixels(entry.measurements);
}

/**
 * Black-and-white pixels (toned prints included) are `bw_stylized`; colour ones are `color_stylized` when colourful and
 * saturated as a graded render is, else `photorealistic`. An uncertain colour class reads as colour: the toned prints
 * it could hide are caught as monochrome by the tone test already.
 */
export function typeFromPixels(m: ImageMeasurements): ImageType {
  if (m.colorClass === 'monochrome') return 'bw_stylized';
  return isStylized(m) ? 'color_stylized' : 'photorealistic';
}

export function betterFirst(
  a: EvaluatedImage & { measurements: ImageMeasurements },
  b: EvaluatedImage & { measurements: ImageMeasurements },
): number {
  return (
    b.measurements.width * b.measurements.height - a.measurements.width * a.measurements.height ||
    b.image.sizeBytes - a.image.sizeBytes ||
    b.measurements.sharpness - a.measurements.sharpness ||
    (a.image.number ?? Number.MAX_SAFE_INTEGER) - (b.image.number ?? Number.MAX_SAFE_INTEGER)
  );
}

export function medianOf(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
