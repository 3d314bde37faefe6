import { IMAGE_TYPES, type ImageType } from '../prompts/image-type.js';
import type { TypeTargets } from '../generation/type-targets.js';
import { DEFECT_PRIORITY, typeOf, type Defect, type EvaluatedImage } from './image-defects.js';

export interface PlannedDeletion {
  readonly entry: EvaluatedImage;
  readonly reasons: readonly Defect[];
}

export interface BalancePlan {
  readonly target: TypeTargets;
  /** Sound images per type before and after the deletions; images of unknown type count in `unknown`. */
  readonly before: Readonly<Record<ImageType | 'unknown', number>>;
  readonly after: Readonly<Record<ImageType | 'unknown', number>>;
  readonly deletions: readonly PlannedDeletion[];
  /** Found but not deleted because of --max-delete or --no-delete. */
  readonly keptDespiteDefects: readonly PlannedDeletion[];
  /** Pinned by the user: never deleted, whatever was found. */
  readonly keptPinned: readonly PlannedDeletion[];
  readonly generate: TypeTargets;
  readonly isBalanced: boolean;
}

export interface PlanOptions {
  readonly target: TypeTargets;
  readonly maxDelete: number;
  readonly isDeleting: boolean;
  /** Images the user pinned: the plan never deletes them (a pinned duplicate keeps its twin too). */
  readonly pinnedIds?: ReadonlySet<string>;
}

/**
 * Turns a measured set into deletions and per-type generation counts: defective images go first, then the weakest
 * images of any type over its target; a cap on deletions keeps the worst problems first. Pure.
 */
export function planBalance(
  set: readonly EvaluatedImage[],
  defects: ReadonlyMap<string, readonly Defect[]>,
  options: PlanOptions,
): BalancePlan {
  const pinned = options.pinnedIds ?? new Set<string>();
  const candidates = new Map<string, PlannedDeletion>();
  for (const entry of set) {
    const found = defects.get(entry.image.id);
    if (found && found.length > 0) candidates.set(entry.image.id, { entry, reasons: found });
  }
  const keptPinned = [...candidates.values()].filter((c) => pinned.has(c.entry.image.id));
  for (const kept of keptPinned) candidates.delete(kept.entry.image.id);
  for (const deletion of overQuota(set, candidates, options.target, pinned))
    candidates.set(deletion.entry.image.id, deletion);
  const ordered = [...candidates.values()].sort((a, b) => severity(a) - severity(b) || sharpness(a) - sharpness(b));
  const allowed = options.isDeleting ? Math.max(0, options.maxDelete) : 0;
  const deletions = ordered.slice(0, allowed);
  const deleted = new Set(deletions.map((d) => d.entry.image.id));
  const after = countByType(set.filter((e) => !deleted.has(e.image.id)));
  const generate = Object.fromEntries(
    IMAGE_TYPES.map((t) => [t, Math.max(0, options.target[t] - after[t])]),
  ) as TypeTargets;
  return {
    target: options.target,
    before: countByType(set),
    after,
    deletions,
    keptDespiteDefects: ordered.slice(allowed),
    keptPinned,
    generate,
    isBalanced: deletions.length === 0 && IMAGE_TYPES.every((t) => generate[t] === 0),
  };
}

/**
 * For each type over its target, the weakest sound images beyond the target (lowest sharpness first). Pinned images
 * count towards the target but are never chosen.
 */
function overQuota(
  set: readonly EvaluatedImage[],
  defective: ReadonlyMap<string, PlannedDeletion>,
  target: TypeTargets,
  pinned: ReadonlySet<string>,
): PlannedDeletion[] {
  const result: PlannedDeletion[] = [];
  for (const type of IMAGE_TYPES) {
    const sound = set.filter((e) => !defective.has(e.image.id) && typeOf(e) === type);
    const excess = sound.length - target[type];
    if (excess <= 0) continue;
    const weakestFirst = sound
      .filter((e) => !pinned.has(e.image.id))
      .sort((a, b) => (a.measurements?.sharpness ?? 0) - (b.measurements?.sharpness ?? 0));
    for (const entry of weakestFirst.slice(0, excess))
      result.push({ entry, reasons: [{ kind: 'over_quota', type, target: target[type] }] });
  }
  return result;
}

function countByType(set: readonly EvaluatedImage[]): Record<ImageType | 'unknown', number> {
  const counts: Record<ImageType | 'unknown', number> = {
    photorealistic: 0,
    bw_stylized: 0,
    color_stylized: 0,
    unknown: 0,
  };
  for (const entry of set) counts[typeOf(entry)] += 1;
  return counts;
}

function severity(deletion: PlannedDeletion): number {
  return Math.min(...deletion.reasons.map((r) => DEFECT_PRIORITY.indexOf(r.kind)));
}

function sharpness(deletion: PlannedDeletion): number {
  return deletion.entry.measurements?.sharpness ?? -1;
}

/** Reasons as a user reads them in the plan table. */
export function describeDefect(defect: Defect): string {
  switch (defect.kind) {
    case 'corrupt':
      return `corrupt (${defect.detail})`;
    case 'duplicate':
      return `duplicate of ${defect.of} (${defect.distance} bits apart)`;
    case 'mislabelled':
      return `mislabelled: ${defect.label} but ${defect.pixels} pixels`;
    case 'too_small':
      return `too small (${defect.width}x${defect.height})`;
    case 'blurry':
      return `blurry (sharpness ${defect.sharpness.toFixed(0)} vs set median ${defect.median.toFixed(0)})`;
    case 'dark':
      return `dark (99th percentile brightness ${defect.p99})`;
    case 'washed_out':
      return `washed out (5th percentile brightness ${defect.p5})`;
    case 'low_information':
      return `low information (${defect.entropyBits.toFixed(1)} bits)`;
    case 'odd_aspect':
      return `odd aspect ratio (${defect.ratio.toFixed(1)}:1)`;
    case 'over_quota':
      return `over quota for ${defect.type} (target ${defect.target})`;
  }
}
