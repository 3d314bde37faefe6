import type { ImageMeasurements } from '../evaluation/image-measurements.js';

/** One measured aspect of an image's fitness for training, 0 (worst) to 1 (best). */
export interface ScorePart {
  readonly name: string;
  readonly value: number;
  readonly weight: number;
}

/**
 * How good an image is for training, as the balancer ranks images of one type when it must drop some: a weighted mean
 * of parts, each 0-1, printed with the plan so a user can see why one image went and another stayed. Other parts
 * (an identity verdict, a pin) join as further entries.
 */
export interface QualityScore {
  /** 0-100, rounded. */
  readonly total: number;
  readonly parts: readonly ScorePart[];
}

/** What the score is relative to: the set's own median sharpness (absolute Laplacian values do not carry across). */
export interface ScoreContext {
  readonly medianSharpness: number;
}

/** The short side at which resolution stops adding: trainers crop and resize to about 1024 px. */
const FULL_RESOLUTION_PX = 1024;

export function qualityScore(m: ImageMeasurements, context: ScoreContext): QualityScore {
  const parts: ScorePart[] = [
    { name: 'sharpness', value: sharpnessPart(m.sharpness, context.medianSharpness), weight: 2 },
    { name: 'resolution', value: clamp01(Math.min(m.width, m.height) / FULL_RESOLUTION_PX), weight: 1 },
    { name: 'tonal range', value: clamp01((m.brightnessP99 - m.brightnessP5) / 200), weight: 1 },
    { name: 'detail', value: clamp01(m.entropyBits / 7.5), weight: 1 },
  ];
  return scoreOf(parts);
}

/** Combines parts into a total; exported so further parts can be added to a score. */
export function scoreOf(parts: readonly ScorePart[]): QualityScore {
  const weights = parts.reduce((sum, part) => sum + part.weight, 0);
  const total = weights === 0 ? 0 : parts.reduce((sum, part) => sum + part.value * part.weight, 0) / weights;
  return { total: Math.round(total * 100), parts };
}

/** Half at the set's median, a quarter for every halving, three quarters for every doubling, clamped to 0-1. */
function sharpnessPart(sharpness: number, median: number): number {
  if (median <= 0) return 0.5;
  if (sharpness <= 0) return 0;
  return clamp01(0.5 + Math.log2(sharpness / median) / 4);
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}

export function describeScore(score: QualityScore): string {
  return `score ${score.total} (${score.parts.map((p) => `${p.name} ${Math.round(p.value * 100)}`).join(', ')})`;
}
