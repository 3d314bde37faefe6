import type { AppDeps } from '../app-deps.js';
import { evaluateSet, type EvaluationDeps } from '../balance/evaluate-set.js';
import { judgeSet } from '../identity/judge-set.js';
import type { ActorId } from '../../domain/actors/actor-id.js';
import { describeDefect } from '../../domain/balance/balance-plan.js';
import { findDefects } from '../../domain/balance/image-defects.js';
import { DEFAULT_THRESHOLDS } from '../../domain/balance/quality-thresholds.js';
import type { FaceBox } from '../../domain/captions/framing-from-face.js';
import type { ColorClass } from '../../domain/evaluation/image-measurements.js';
import { identityDefects, mergeDefects } from '../../domain/identity/identity-defects.js';
import { DEFAULT_IDENTITY_THRESHOLDS } from '../../domain/identity/identity-thresholds.js';
import type { IdentityVerdict } from '../../domain/identity/identity-verdict.js';
import type { ImageRecord } from '../../domain/images/image-record.js';

export interface ExportSelection {
  readonly chosen: readonly ImageRecord[];
  readonly leftOut: readonly { readonly fileName: string; readonly reason: string }[];
  /** What the evaluation measured, for the captions. */
  readonly colors: ReadonlyMap<string, ColorClass | null>;
  /** The actor's face in each image where identity analysis found it, as fractions of the image. */
  readonly faceBoxes: ReadonlyMap<string, FaceBox>;
}

type Deps = EvaluationDeps & Pick<AppDeps, 'images' | 'faces' | 'faceCache' | 'faceReferences'>;

/**
 * The images a trainer should see: the sound ones (no defect the balancer flags, no off-model identity verdict), or
 * every readable one with `isIncludingFlagged`. A file that cannot be read is never exported.
 */
export async function selectExportImages(
  deps: Deps,
  actorId: ActorId,
  isIncludingFlagged: boolean,
): Promise<ExportSelection> {
  const images = await deps.images.listByActor(actorId);
  const [{ set }, identity] = await Promise.all([evaluateSet(deps, actorId), judgeSet(deps, actorId, images)]);
  const defects = mergeDefects(
    findDefects(set, DEFAULT_THRESHOLDS),
    identityDefects(set, identity.verdicts, DEFAULT_IDENTITY_THRESHOLDS),
  );
  const chosen: ImageRecord[] = [];
  const leftOut: { fileName: string; reason: string }[] = [];
  for (const entry of set) {
    const found = defects.get(entry.image.id) ?? [];
    const isUnreadable = entry.measurements === null;
    if (found.length === 0 || (isIncludingFlagged && !isUnreadable)) chosen.push(entry.image);
    else leftOut.push({ fileName: entry.image.fileName, reason: found.map(describeDefect).join('; ') });
  }
  const colors = new Map(set.map((entry) => [entry.image.id, entry.measurements?.colorClass ?? null]));
  return { chosen, leftOut, colors, faceBoxes: faceBoxesOf(images, identity.verdicts) };
}

/** Faces judged to be the actor (or close to it), relative to their image: what corrects a caption's framing. */
function faceBoxesOf(images: readonly ImageRecord[], verdicts: ReadonlyMap<string, IdentityVerdict>) {
  const boxes = new Map<string, FaceBox>();
  for (const image of images) {
    const verdict = verdicts.get(image.id);
    const face = verdict?.face;
    if (!face || (verdict.verdict !== 'same_person' && verdict.verdict !== 'doubtful')) continue;
    if (image.width <= 0 || image.height <= 0) continue;
    boxes.set(image.id, {
      x: face.box.x / image.width,
      y: face.box.y / image.height,
      width: face.box.width / image.width,
      height: face.box.height / image.height,
    });
  }
  return boxes;
}
