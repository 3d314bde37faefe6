import type { AppDeps } from '../app-deps.js';
import { FACE_ANALYSIS_VERSION, type FaceAnalysis } from '../../domain/identity/face-analysis.js';

export type FaceDeps = Pick<AppDeps, 'faces' | 'faceCache' | 'inspector'>;

/** The faces of an image, from the cache when these bytes were analysed before (keyed by content). */
export async function analyzeFaces(deps: FaceDeps, bytes: Uint8Array, sha256?: string): Promise<FaceAnalysis> {
  return (await analyzeFacesCounted(deps, bytes, sha256)).analysis;
}

/** The same, saying whether the analysis ran now (for "analysed now" counts). */
export async function analyzeFacesCounted(
  deps: FaceDeps,
  bytes: Uint8Array,
  sha256?: string,
): Promise<{ analysis: FaceAnalysis; isFresh: boolean }> {
  const key = sha256 ?? deps.inspector.sha256(bytes);
  const cached = await deps.faceCache.get(key, FACE_ANALYSIS_VERSION);
  if (cached) return { analysis: cached, isFresh: false };
  const analysis = await deps.faces.analyze(bytes);
  await deps.faceCache.put(key, FACE_ANALYSIS_VERSION, analysis);
  return { analysis, isFresh: true };
}
