import type { AppDeps } from '../app-deps.js';
import type { ActorId } from '../../domain/actors/actor-id.js';
import { baseImageKey, referenceImageKey } from '../../domain/actors/dataset-layout.js';
import { TroupeError } from '../../domain/errors/troupe-error.js';
import type { FaceAnalysis } from '../../domain/identity/face-analysis.js';
import type { FaceReference } from '../../domain/identity/identity-records.js';
import { DEFAULT_IDENTITY_THRESHOLDS } from '../../domain/identity/identity-thresholds.js';
import { analyzeFaces } from './analyze-faces.js';

type Deps = Pick<AppDeps, 'faces' | 'faceCache' | 'inspector' | 'faceReferences' | 'ids' | 'clock' | 'blobs'>;

/** What the face check can do for an actor, said when it is added and shown with the actor. */
export interface IdentitySetup {
  readonly isChecking: boolean;
  /** What is wrong and what to do; null when the check is on. */
  readonly notice: string | null;
}

/**
 * Takes the base image's face as the actor's first reference. A base image with no face or several is not refused
 * (a stylized or group character is still a character): the check is off for the actor, and the notice says why and
 * how to turn it on.
 */
export async function takeBaseReference(deps: Deps, actorId: ActorId, jpeg: Uint8Array): Promise<IdentitySetup> {
  const analysis = await analyzeFaces(deps, jpeg);
  const problem = referenceProblem(analysis);
  if (problem !== null) {
    return {
      isChecking: false,
      notice: `The base image shows ${problem}, so the identity check is off for ${actorId}: add a photo of the character's face with \`troupe actors add-reference ${actorId} --image <file>\` to turn it on.`,
    };
  }
  await deps.faceReferences.insert(referenceFrom(deps, actorId, 'base', baseImageKey(actorId), jpeg, analysis));
  return { isChecking: true, notice: null };
}

/** Adds a reference image the user gives; refused (nothing stored) unless it shows exactly one clear face. */
export async function addReferenceImage(
  deps: Deps,
  actorId: ActorId,
  jpeg: Uint8Array,
  shownName: string,
): Promise<FaceReference> {
  const analysis = await analyzeFaces(deps, jpeg);
  const problem = referenceProblem(analysis);
  if (problem !== null)
    throw new TroupeError(
      'INVALID_IMAGE',
      `Reference image ${shownName} shows ${problem}: use a photo of the character alone, face visible and at least ${DEFAULT_IDENTITY_THRESHOLDS.minFaceSidePx} px wide.`,
    );
  const sha256 = deps.inspector.sha256(jpeg);
  const key = referenceImageKey(actorId, sha256);
  await deps.blobs.put(key, jpeg);
  const reference = referenceFrom(deps, actorId, 'added', key, jpeg, analysis);
  await deps.faceReferences.insert(reference);
  return reference;
}

/** Whether an actor's images can be checked, and if not, why. */
export async function identitySetup(deps: Deps, actorId: ActorId): Promise<IdentitySetup> {
  const references = await deps.faceReferences.listByActor(actorId);
  if (references.length > 0) return { isChecking: true, notice: null };
  const base = await deps.blobs.get(baseImageKey(actorId));
  const problem = base === undefined ? 'nothing (it is missing)' : referenceProblem(await analyzeFaces(deps, base));
  return {
    isChecking: false,
    notice: `The base image shows ${problem ?? 'a face that was not taken as a reference'}, so the identity check is off: add a photo of the character's face with \`troupe actors add-reference ${actorId} --image <file>\`.`,
  };
}

function referenceProblem(analysis: FaceAnalysis): string | null {
  const t = DEFAULT_IDENTITY_THRESHOLDS;
  const [face, ...others] = analysis.faces;
  if (face === undefined) return 'no face the detector can find';
  const rivals = others.filter(
    (f) => f.box.width * f.box.height >= t.secondFaceShare * face.box.width * face.box.height,
  );
  if (rivals.length > 0) return `${rivals.length + 1} faces`;
  if (Math.min(face.box.width, face.box.height) < t.minFaceSidePx)
    return `a face too small to describe (${Math.round(face.box.width)} px wide)`;
  return null;
}

function referenceFrom(
  deps: Deps,
  actorId: ActorId,
  source: FaceReference['source'],
  imageKey: string,
  jpeg: Uint8Array,
  analysis: FaceAnalysis,
): FaceReference {
  const face = analysis.faces[0]!;
  return {
    id: deps.ids.next('ref'),
    actorId,
    source,
    imageKey,
    sha256: deps.inspector.sha256(jpeg),
    box: face.box,
    descriptor: face.descriptor,
    createdAt: new Date(deps.clock.now()).toISOString(),
  };
}
