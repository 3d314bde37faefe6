import type { AppDeps } from '../app-deps.js';
import { promptFieldsOf } from './caption-sources.js';
import type { ActorId } from '../../domain/actors/actor-id.js';
import { trainingImageKey } from '../../domain/actors/dataset-layout.js';
import { composeCaptionBody, composeMeasuredBody } from '../../domain/captions/compose-caption.js';
import type { StoredCaption } from '../../domain/captions/stored-caption.js';
import { MEASUREMENTS_VERSION, type ColorClass } from '../../domain/evaluation/image-measurements.js';
import type { ImageRecord } from '../../domain/images/image-record.js';

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

/** What is already known of an image's pixels (from an evaluation that just ran), so nothing is decoded twice. */
export type KnownColor = ReadonlyMap<string, ColorClass | null>;

/**
 * Gives every image of the actor that has no caption one, and stores it: from its prompt's fields when the prompt is
 * known (source `prompt`), else from its type (source `measured`); in both cases the pixels decide black and white vs
 * colour. Returns every caption of the actor afterwards. Stored captions (imported, edited) are never touched.
 */
export async function ensureCaptions(
  deps: CaptionDeps,
  actorId: ActorId,
  known: KnownColor = new Map(),
): Promise<Map<string, StoredCaption>> {
  const actor = await deps.actors.get(actorId);
  const stored = await deps.captions.listByActor(actorId);
  if (!actor) return stored;
  const missing = (await deps.images.listByActor(actorId)).filter((image) => !stored.has(image.id));
  if (missing.length === 0) return stored;
  const fields = await promptFieldsOf(deps, missing, actor.descriptor);
  const updatedAt = new Date(deps.clock.now()).toISOString();
  const created: StoredCaption[] = [];
  for (const image of missing) {
    const colorClass = known.has(image.id) ? (known.get(image.id) ?? null) : await colorOf(deps, image);
    // The seam for identity analysis: its face box, once measured, corrects the framing.
    const evidence = { colorClass, faceBox: null };
    const prompted = fields.get(image.id);
    created.push({
      imageId: image.id,
      body: prompted ? composeCaptionBody(prompted, evidence) : composeMeasuredBody(image.type, evidence),
      source: prompted ? 'prompt' : 'measured',
      updatedAt,
    });
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
