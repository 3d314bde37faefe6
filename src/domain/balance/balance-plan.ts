import { IMAGE_TYPES, type ImageType } from '../prompts/image-type.js';
import type { TypeTargets } from '../generation/type-targets.js';
import type { ImageMeasurements } from '../evaluation/image-measurements.js';
import { DEFECT_PRIORITY, medianOf, typeOf, type Defect, type EvaluatedImage } from './image-defects.js';
import { qualityScore, type QualityScore } from './quality-score.js';

/** Per-type targets; `null` leaves that type alone (a `--target` that does not name it): no deletions, no top-up. */
export type BalanceTarget = Readonly<Record<ImageType, number | null>>;

export interface PlannedDeletion {
  readonly entry: EvaluatedImage;
  readonly reasons: readonly Defect[];
  /** The image's quality score (null when unreadable): over-quota deletions take the lowest. */
  readonly score: QualityScore | null;
}

export type TypeCounts = Readonly<Record<ImageType | 'unknown', number>>;

export interface BalancePlan {
  readonly target: BalanceTarget;
  /** Sound images per type before and after the deletions; images of unknown type count in `unknown`. */
  readonly before: TypeCounts;
  readonly after: TypeCounts;
  /** Images still to come from jobs running for the actor, per type: counted before anything is generated. */
  readonly incoming: TypeTargets;
  readonly deletions: readonly PlannedDeletion[];
  /** Found but not deleted: --max-delete, --no-delete, or a type the target leaves alone. */
  readonly keptDespiteDefects: readonly PlannedDeletion[];
  /** Pinned by the user: never deleted, whatever was found. */
  readonly keptPinned: readonly PlannedDeletion[];
  readonly generate: TypeTargets;
  /** Unlabelled images, by id, whose type was read from their pixels. */
  readonly typedFromPixels: ReadonlySet<string>;
  readonly isBalanced: boolean;
}

export interface PlanOptions {
  readonly target: BalanceTarget;
  readonly maxDelete: number;
  readonly isDeleting: boolean;
  /** Images still to come from running jobs, per type (none by default). */
  readonly incoming?: TypeTargets;
  /** Images the user pinned: the plan never deletes them (a pinned duplicate keeps its twin too). */
  readonly pinnedIds?: ReadonlySet<string>;
}

const NO_INCOMING: TypeTargets = { photorealistic: 0, bw_stylized: 0, color_stylized: 0 };

/**
 * Turns a measured set into deletions and per-type generation counts: defective images go first, then the weakest
 * images (by quality score) of any type over its target; a cap on deletions keeps the worst problems first. A type
 * the target leaves alone keeps every image. The surviving copy of a near-duplicate group whose other copies are
 * deleted is never taken over quota, so the picture itself stays. Pure.
 */
export function planBalance(
  set: readonly EvaluatedImage[],
  defects: ReadonlyMap<string, readonly Defect[]>,
  options: PlanOptions,
): BalancePlan {
  const incoming = options.incoming ?? NO_INCOMING;
  const scoreFor = scorer(set);
  const pinned = options.pinnedIds ?? new Set<string>();
  const candidates = new Map<string, PlannedDeletion>();
  const leftAlone: PlannedDeletion[] = [];
  for (const entry of set) {
    const found = defects.get(entry.image.id);
    if (!found || found.length === 0) continue;
    const deletion = { entry, reasons: found, score: scoreFor(entry) };
    if (isLeftAlone(entry, options.target)) leftAlone.push(deletion);
    else candidates.set(entry.image.id, deletion);
  }
  const keptPinned = [...candidates.values()].filter((c) => pinned.has(c.entry.image.id));
  for (const kept of keptPinned) candidates.delete(kept.entry.image.id);
  const ordered = [...candidates.values()].sort((a, b) => severity(a) - severity(b) || scoreOf(a) - scoreOf(b));
  const allowed = options.isDeleting ? Math.max(0, options.maxDelete) : 0;
  const defectDeletions = ordered.slice(0, allowed);
  const overQuotaDeletions = overQuota(
    set,
    candidates,
    options.target,
    { survivors: survivorsOf(defectDeletions), pinned },
    scoreFor,
  );
  const wanted = [...defectDeletions, ...overQuotaDeletions];
  const deletions = wanted.slice(0, allowed);
  const deleted = new Set(deletions.map((d) => d.entry.image.id));
  const after = countByType(set.filter((e) => !deleted.has(e.image.id)));
  const generate = Object.fromEntries(
    IMAGE_TYPES.map((t) => [t, Math.max(0, (options.target[t] ?? 0) - after[t] - incoming[t])]),
  ) as TypeTargets;
  return {
    target: options.target,
    before: countByType(set),
    after,
    incoming,
    deletions,
    keptDespiteDefects: [
      ...ordered.filter((d) => !deleted.has(d.entry.image.id)),
      ...wanted.slice(allowed).filter((d) => !candidates.has(d.entry.image.id)),
      ...leftAlone,
    ],
    keptPinned,
    generate,
    typedFromPixels: new Set(
      set.filter((e) => e.image.type === null && e.measurements !== null).map((e) => e.image.id),
    ),
    isBalanced: deletions.length === 0 && IMAGE_TYPES.every((t) => generate[t] === 0),
  };
}

function isLeftAlone(entry: EvaluatedImage, target: BalanceTarget): boolean {
  const type = typeOf(entry);
  return type !== 'unknown' && target[type] === null;
}

/** File names of the copies that stay when their near-duplicates are deleted. */
function survivorsOf(deletions: readonly PlannedDeletion[]): Set<string> {
  const survivors = new Set<string>();
  for (const deletion of deletions)
    for (const reason of deletion.reasons) if (reason.kind === 'duplicate') survivors.add(reason.of);
  return survivors;
}

/**
 * For each type over its target, the lowest-scoring sound images beyond the target. Survivors of near-duplicate
 * groups are not taken: deleting one after its copies would lose the picture altogether. Pinned images count
 * towards the target but are never chosen.
 */
function overQuota(
  set: readonly EvaluatedImage[],
  defective: ReadonlyMap<string, PlannedDeletion>,
  target: BalanceTarget,
  protectedIds: { readonly survivors: ReadonlySet<string>; readonly pinned: ReadonlySet<string> },
  scoreFor: (entry: EvaluatedImage) => QualityScore | null,
): PlannedDeletion[] {
  const result: PlannedDeletion[] = [];
  for (const type of IMAGE_TYPES) {
    const wanted = target[type];
    if (wanted === null) continue;
    const sound = set.filter((e) => !defective.has(e.image.id) && typeOf(e) === type);
    const excess = sound.length - wanted;
    if (excess <= 0) continue;
    const scored = sound
      .filter((e) => !protectedIds.survivors.has(e.image.fileName) && !protectedIds.pinned.has(e.image.id))
      .map((entry) => ({ entry, score: scoreFor(entry) }))
      .sort((a, b) => (a.score?.total ?? -1) - (b.score?.total ?? -1));
    for (const { entry, score } of scored.slice(0, excess))
      result.push({ entry, score, reasons: [{ kind: 'over_quota', type, target: wanted }] });
  }
  return result;
}

function scorer(set: readonly EvaluatedImage[]): (entry: EvaluatedImage) => QualityScore | null {
  const measured = set.map((e) => e.measurements).filter((m): m is ImageMeasurements => m !== null);
  const context = { medianSharpness: medianOf(measured.map((m) => m.sharpness)) };
  return (entry) => (entry.measurements === null ? null : qualityScore(entry.measurements, context));
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

function scoreOf(deletion: PlannedDeletion): number {
  return deletion.score?.total ?? -1;
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
      return `over quota for ${defect.type} (target ${defect.target}; among the lowest scores)`;
    case 'different_person':
      return `different person: face distance ${defect.distance.toFixed(2)}, this actor's images are at most ${defect.setMax.toFixed(2)}`;
    case 'no_face':
      return 'no face: a photorealistic image that does not show the actor';
  }
}
