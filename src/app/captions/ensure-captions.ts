import type { AppDeps } from '../app-deps.js';
import { promptFieldsOf } from './caption-sources.js';
import type { ActorId } from '../../domain/actors/actor-id.js';
import { trainingImageKey } from '../../domain/actors/dataset-layout.js';
import { composeCaptionBody, composeMeasuredBody } from '../../domain/captions/compose-caption.js';
import type { StoredCaption } from '../../domain/captions/stored-caption.js';
import { MEASUREMENTS_VERSION, type ColorClass } from '../../domain/evaluation/image-measurements.js';
import type { ImageRecord } from '../../domain/images/image-record.js';
import type { FaceBox } from '../../domain/captions/framing-from-face.js';

export type CaptionDeps = Pick<
  AppDeps,
  | 'actors'
  | 'images'
  | 'jobs'
  | 'prompts'
  | 'captions'
  | 'blobs'
  | 'inspector'
  | 'analyzer'
  | 'measurementCache'
  | 'clock'
>;

/** What is already known of the images (from an evaluation that just ran), so nothing is decoded twice. */
export interface KnownEvidence {
  readonly colors: ReadonlyMap<string, ColorClass | null>;
  /** The actor's face per image, as fractions of it, where identity analysis found it. */
  readonly faceBoxes: ReadonlyMap<string, FaceBox>;
}

/**
 * Gives every image of the actor that has no caption one, and stores it: from its prompt's fields when the prompt is
 * known (source `prompt`), else from its type (source `measured`); in both cases the pixels decide black and white vs
 * colour, and a face box (when identity analysis found the actor's face) the framing. Returns every caption of the
 * actor afterwards. Imported and edited captions are never touched.
 */
export async function ensureCaptions(
  deps: CaptionDeps,
  actorId: ActorId,
  known: KnownEvidence = { colors: new Map(), faceBoxes: new Map() },
): Promise<Map<string, StoredCaption>> {
  const actor = await deps.actors.get(actorId);
  const stored = await deps.captions.listByActor(actorId);
  if (!actor) return stored;
  // Captions Troupe made itself are made again where a face box now says more about the framing.
  const isAuto = (id: string) => ['prompt', 'measured'].includes(stored.get(id)?.source ?? '');
  const missing = (await deps.images.listByActor(actorId)).filter(
    (image) => !stored.has(image.id) || (isAuto(image.id) && known.faceBoxes.has(image.id)),
  );
  if (missing.length === 0) return stored;
  const fields = await promptFieldsOf(deps, missing, actor.descriptor);
  const updatedAt = new Date(deps.clock.now()).toISOString();
  const created: StoredCaption[] = [];
  for (const image of missing) {
    const colorClass = known.colors.has(image.id) ? (known.colors.get(image.id) ?? null) : await colorOf(deps, image);
    const evidence = { colorClass, faceBox: known.faceBoxes.get(image.id) ?? null };
    const prompted = fields.get(image.id);
    const body = prompted ? composeCaptionBody(prompted, evidence) : composeMeasuredBody(image.type, evidence);
    if (stored.get(image.id)?.body === body) continue;
    created.push({ imageId: image.id, body, source: prompted ? 'prompt' : 'measured', updatedAt });
  }
  await deps.captions.putMany(actorId, created);
  for (const caption of created) stored.set(caption.imageId, caption);
  return stored;
}

/**
 * The image's colour class, from the measurement cache or one decode. Not stored in the cache: what the balancer
 * reports as measured is what it measured, and its evaluation stores the full record.
 */
async function colorOf(deps: CaptionDeps, image: ImageRecord): Promise<ColorClass | null> {
  const bytes = await deps.blobs.get(trainingImageKey(image.actorId, image.fileName));
  if (!bytes) return null;
  const sha256 = deps.inspector.sha256(bytes);
  const cached = await deps.measurementCache.get(sha256, MEASUREMENTS_VERSION);
  if (cached) return cached.colorClass;
  try {
    return (await deps.analyzer.analyze(bytes)).colorClass;
  } catch {
    return null;
  }
}
