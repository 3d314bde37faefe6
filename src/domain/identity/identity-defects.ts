import { typeOf, type Defect, type EvaluatedImage } from '../balance/image-defects.js';
import type { IdentityThresholds } from './identity-thresholds.js';
import type { IdentityVerdict } from './identity-verdict.js';

/**
 * What the identity check asks the balancer to delete: images of a different person, and photorealistic images with
 * no face at all (a stylized image may hide a face on purpose). The reason names how far off the face is against
 * the farthest of the actor's sound images (or the limit for "same person" when none has been judged yet).
 */
export function identityDefects(
  set: readonly EvaluatedImage[],
  verdicts: ReadonlyMap<string, IdentityVerdict>,
  thresholds: IdentityThresholds,
): Map<string, Defect[]> {
  const sameDistances = [...verdicts.values()]
    .filter((v) => v.verdict === 'same_person' && v.distance !== null)
    .map((v) => v.distance!);
  const setMax = sameDistances.length > 0 ? Math.max(...sameDistances) : thresholds.bands.photorealistic.samePerson;
  const defects = new Map<string, Defect[]>();
  for (const entry of set) {
    const verdict = verdicts.get(entry.image.id);
    if (verdict === undefined) continue;
    if (verdict.verdict === 'different_person' && verdict.distance !== null)
      defects.set(entry.image.id, [{ kind: 'different_person', distance: verdict.distance, setMax }]);
    if (verdict.verdict === 'no_face' && typeOf(entry) === 'photorealistic')
      defects.set(entry.image.id, [{ kind: 'no_face' }]);
  }
  return defects;
}

/** Both maps' defects per image. */
export function mergeDefects(
  a: ReadonlyMap<string, readonly Defect[]>,
  b: ReadonlyMap<string, readonly Defect[]>,
): Map<string, Defect[]> {
  const merged = new Map<string, Defect[]>([...a].map(([id, list]) => [id, [...list]]));
  for (const [id, list] of b) merged.set(id, [...(merged.get(id) ?? []), ...list]);
  return merged;
}
