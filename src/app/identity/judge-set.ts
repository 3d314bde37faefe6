import type { AppDeps } from '../app-deps.js';
import type { ActorId } from '../../domain/actors/actor-id.js';
import { trainingImageKey } from '../../domain/actors/dataset-layout.js';
import { isTroupeError } from '../../domain/errors/troupe-error.js';
import type { ImageRecord } from '../../domain/images/image-record.js';
import { judgeIdentity, type IdentityVerdict } from '../../domain/identity/identity-verdict.js';
import { DEFAULT_IDENTITY_THRESHOLDS } from '../../domain/identity/identity-thresholds.js';
import { analyzeFacesCounted } from './analyze-faces.js';

type Deps = Pick<AppDeps, 'faces' | 'faceCache' | 'inspector' | 'faceReferences' | 'blobs'>;

export interface JudgedSet {
  /** By image id; images whose file is missing or unreadable are absent. Empty when the actor has no reference. */
  readonly verdicts: ReadonlyMap<string, IdentityVerdict>;
  /** The same, in the set's order, with each image. */
  readonly judged: readonly { readonly image: ImageRecord; readonly verdict: IdentityVerdict }[];
  /** Whether the actor has a reference face (without one nothing is judged). */
  readonly isChecking: boolean;
  /** Images analysed now; the rest came from the cache. */
  readonly analysedCount: number;
}

/** Analyses in flight at once: enough to keep the face threads busy while the next file is read. */
const IN_FLIGHT = 4;

/** The identity verdict of every image of the set against the actor's reference faces (analyses cached by content). */
export async function judgeSet(deps: Deps, actorId: ActorId, images: readonly ImageRecord[]): Promise<JudgedSet> {
  const references = (await deps.faceReferences.listByActor(actorId)).map((r) => r.descriptor);
  const verdicts = new Map<string, IdentityVerdict>();
  if (references.length === 0) return { verdicts, judged: [], isChecking: false, analysedCount: 0 };
  let analysedCount = 0;
  let next = 0;
  const work = async (): Promise<void> => {
    while (next < images.length) {
      const image = images[next++]!;
      const bytes = await deps.blobs.get(trainingImageKey(actorId, image.fileName));
      if (bytes === undefined) continue;
      try {
        const { analysis, isFresh } = await analyzeFacesCounted(deps, bytes);
        if (isFresh) analysedCount += 1;
        verdicts.set(image.id, judgeIdentity(analysis, references, image.type, DEFAULT_IDENTITY_THRESHOLDS));
      } catch (error) {
        if (!isTroupeError(error) || error.code !== 'INVALID_IMAGE') throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, work));
  const judged = images.filter((i) => verdicts.has(i.id)).map((image) => ({ image, verdict: verdicts.get(image.id)! }));
  return { verdicts, judged, isChecking: true, analysedCount };
}
