import type { ImageType } from '../prompts/image-type.js';
import { faceArea, nearestDistance, type DetectedFace, type FaceAnalysis } from './face-analysis.js';
import type { IdentityThresholds } from './identity-thresholds.js';

export const IDENTITY_VERDICTS = [
  'same_person',
  'doubtful',
  'different_person',
  'no_face',
  'several_faces',
  'cannot_judge',
] as const;
export type IdentityVerdictKind = (typeof IDENTITY_VERDICTS)[number];

export interface IdentityVerdict {
  readonly verdict: IdentityVerdictKind;
  /** Distance of the judged face to the nearest reference; null when no face could be compared. */
  readonly distance: number | null;
  /** For cannot_judge: why (face too small, turned away, no reference face). */
  readonly reason: string | null;
  /** The face the verdict is about (the largest), or null: what framing and the lightbox show. */
  readonly face: DetectedFace | null;
}

/**
 * Whether an image shows the actor: its largest face against the actor's reference descriptors, in the distance
 * bands of the image's type. Pure.
 */
export function judgeIdentity(
  analysis: FaceAnalysis,
  references: readonly (readonly number[])[],
  type: ImageType | null,
  thresholds: IdentityThresholds,
): IdentityVerdict {
  const face = analysis.faces[0];
  if (face === undefined) return { verdict: 'no_face', distance: null, reason: null, face: null };
  const bands = thresholds.bands[type ?? 'photorealistic'];
  const distance = references.length === 0 ? null : round3(nearestDistance(face.descriptor, references));
  const others = analysis.faces.slice(1).filter((f) => faceArea(f) >= thresholds.secondFaceShare * faceArea(face));
  if (others.length > 0) return { verdict: 'several_faces', distance, reason: `${others.length + 1} faces`, face };
  if (distance === null) return { verdict: 'cannot_judge', distance, reason: 'the actor has no reference face', face };
  if (Math.min(face.box.width, face.box.height) < thresholds.minFaceSidePx)
    return { verdict: 'cannot_judge', distance, reason: `face too small (${Math.round(face.box.width)} px)`, face };
  if (face.yaw < thresholds.minYaw || face.yaw > 1 - thresholds.minYaw)
    return { verdict: 'cannot_judge', distance, reason: 'face turned away', face };
  if (distance <= bands.samePerson) return { verdict: 'same_person', distance, reason: null, face };
  if (distance > bands.differentPerson) return { verdict: 'different_person', distance, reason: null, face };
  return { verdict: 'doubtful', distance, reason: null, face };
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** The verdict as a user reads it: "same person (0.31)", "cannot judge: face turned away". */
export function describeVerdict(verdict: IdentityVerdict): string {
  const label = verdict.verdict.replace('_', ' ');
  const distance = verdict.distance === null ? '' : ` (face distance ${verdict.distance.toFixed(2)})`;
  if (verdict.verdict === 'cannot_judge') return `cannot judge: ${verdict.reason ?? 'unknown'}${distance}`;
  return `${label}${distance}`;
}
