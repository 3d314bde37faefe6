import type { AppDeps } from '../app-deps.js';
import type { ImportSource } from './import-source.js';
import type { ActorImportLog } from './import-report.js';
import type { ActorId } from '../../domain/actors/actor-id.js';
import { rejectionReason } from '../../domain/images/image-acceptance.js';
import { isImageFileName } from '../../domain/images/import-naming.js';
import type { SeedManifest } from '../../domain/manifest/parse-seed-manifest.js';

export interface FoundBaseImage {
  readonly bytes: Uint8Array;
  /** Where it came from, for messages: `actors/x/base_image/b.jpg` or the manifest's path. */
  readonly shownPath: string;
}

type Deps = Pick<AppDeps, 'inspector'>;

/**
 * The seed's order: the first sound image in `base_image/`, else the first sound file the manifest's `base_images`
 * names. Every candidate that cannot be used is noted; undefined when none can.
 */
export async function findBaseImage(
  deps: Deps,
  source: ImportSource,
  actorId: ActorId,
  manifest: SeedManifest | undefined,
  log: ActorImportLog,
): Promise<FoundBaseImage | undefined> {
  const folder = `actors/${actorId}/base_image`;
  for (const name of await source.listBaseImages(actorId)) {
    const shownPath = `${folder}/${name}`;
    if (!isImageFileName(name)) {
      log.note(`${shownPath}: not an image: not used as the base image`);
      continue;
    }
    const found = await tryCandidate(deps, shownPath, () => source.readBaseImage(actorId, name), log);
    if (found) return found;
  }
  for (const manifestPath of manifest?.baseImages ?? []) {
    const shownPath = `base_images entry ${JSON.stringify(manifestPath)}`;
    const found = await tryCandidate(deps, shownPath, () => source.readFileByManifestPath(manifestPath), log);
    if (found) return found;
  }
  return undefined;
}

async function tryCandidate(
  deps: Deps,
  shownPath: string,
  read: () => Promise<Uint8Array | undefined>,
  log: ActorImportLog,
): Promise<FoundBaseImage | undefined> {
  let bytes: Uint8Array | undefined;
  try {
    bytes = await read();
  } catch (error) {
    log.note(`${shownPath}: ${(error as Error).message}`);
    return undefined;
  }
  if (bytes === undefined) {
    log.note(`${shownPath}: no such file inside the imported folder`);
    return undefined;
  }
  const reason = await unusableBecause(deps, bytes);
  if (reason !== undefined) {
    log.note(`${shownPath}: cannot be the base image: ${reason}`);
    return undefined;
  }
  return { bytes, shownPath };
}

async function unusableBecause(deps: Deps, bytes: Uint8Array): Promise<string | undefined> {
  try {
    return rejectionReason(await deps.inspector.inspect(bytes));
  } catch {
    return 'it is not a readable image';
  }
}
