import type { AppDeps } from '../app-deps.js';
import type { ImageAnalyzer, MeasurementCache } from '../ports.js';
import type { ActorId } from '../../domain/actors/actor-id.js';
import { trainingImageKey } from '../../domain/actors/dataset-layout.js';
import type { EvaluatedImage } from '../../domain/balance/image-defects.js';
import { MEASUREMENTS_VERSION } from '../../domain/evaluation/image-measurements.js';
import { isTroupeError } from '../../domain/errors/troupe-error.js';

export interface EvaluationDeps extends Pick<AppDeps, 'images' | 'blobs' | 'inspector'> {
  readonly analyzer: ImageAnalyzer;
  readonly measurementCache: MeasurementCache;
}

export interface EvaluationResult {
  readonly set: EvaluatedImage[];
  /** How many images were decoded now; the rest came from the cache. */
  readonly measuredCount: number;
}

/** Measures every image of the actor's set, reusing cached measurements of unchanged files (keyed by content). */
export async function evaluateSet(deps: EvaluationDeps, actorId: ActorId): Promise<EvaluationResult> {
  const images = await deps.images.listByActor(actorId);
  const set: EvaluatedImage[] = [];
  let measuredCount = 0;
  for (const image of images) {
    const bytes = await deps.blobs.get(trainingImageKey(actorId, image.fileName));
    if (!bytes) {
      set.push({ image, measurements: null, unreadable: 'file missing from disk' });
      continue;
    }
    const sha256 = deps.inspector.sha256(bytes);
    const cached = await deps.measurementCache.get(sha256, MEASUREMENTS_VERSION);
    if (cached) {
      set.push({ image, measurements: cached });
      continue;
    }
    try {
      const measurements = await deps.analyzer.analyze(bytes);
      measuredCount += 1;
      await deps.measurementCache.put(sha256, MEASUREMENTS_VERSION, measurements);
      set.push({ image, measurements });
    } catch (error) {
      if (!isTroupeError(error) || error.code !== 'INVALID_IMAGE') throw error;
      set.push({ image, measurements: null, unreadable: 'unreadable image' });
    }
  }
  return { set, measuredCount };
}
