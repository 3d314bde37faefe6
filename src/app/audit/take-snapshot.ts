import type { AppDeps } from '../app-deps.js';
import type { BlobStore } from '../ports.js';
import type { ManifestWriter } from '../manifest/manifest-writer.js';
import { manifestFileName, type ActorId } from '../../domain/actors/actor-id.js';
import { trainingFolderKey, trainingImageKey } from '../../domain/actors/dataset-layout.js';
import type { AuditSnapshot, ManifestState, StoredCopy } from '../../domain/audit/audit-snapshot.js';
import { isSameJson } from '../../domain/manifest/same-json.js';

type Deps = Pick<AppDeps, 'images' | 'blobs' | 'mirror' | 'manifests'>;

/** Reads the four places an actor's set lives: database rows, manifest, files on disk, objects in the S3 mirror. */
export async function takeSnapshot(deps: Deps, manifests: ManifestWriter, actorId: ActorId): Promise<AuditSnapshot> {
  const [images, manifest, disk, s3] = await Promise.all([
    deps.images.listByActor(actorId),
    manifestState(deps, manifests, actorId),
    storedCopies(deps.blobs, actorId),
    deps.mirror === null ? null : storedCopies(deps.mirror, actorId),
  ]);
  return { actorId, images, manifest, disk, s3 };
}

async function manifestState(deps: Deps, manifests: ManifestWriter, actorId: ActorId): Promise<ManifestState> {
  let onDisk: unknown;
  try {
    onDisk = await deps.manifests.read(manifestFileName(actorId));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { unreadable: code === 'ENOENT' ? 'the file is missing' : `not valid JSON (${(error as Error).message})` };
  }
  const images = (onDisk as { images?: unknown } | null)?.images;
  if (typeof images !== 'object' || images === null) return { unreadable: 'it has no "images" object' };
  return { fileNames: Object.keys(images), isUpToDate: isSameJson(onDisk, await manifests.project(actorId)) };
}

async function storedCopies(store: BlobStore, actorId: ActorId): Promise<StoredCopy[]> {
  const names = await store.list(trainingFolderKey(actorId));
  const copies: StoredCopy[] = [];
  for (const fileName of names) {
    const stat = await store.stat(trainingImageKey(actorId, fileName));
    if (stat !== undefined) copies.push({ fileName, ...stat });
  }
  return copies;
}
