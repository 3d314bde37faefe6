import type { AppDeps } from '../app-deps.js';
import { addActor } from '../actors/add-actor.js';
import { normalizeDescriptor, normalizeName } from '../actors/update-actor.js';
import type { ManifestWriter } from '../manifest/manifest-writer.js';
import { checkTrainingFiles, type SoundImage } from './check-training-files.js';
import { findBaseImage } from './find-base-image.js';
import type { ImportSource } from './import-source.js';
import { ActorImportLog, type ActorImportReport } from './import-report.js';
import { manifestFileName, manifestPrefix, parseActorId, type ActorId } from '../../domain/actors/actor-id.js';
import { trainingFolderKey, trainingImageKey } from '../../domain/actors/dataset-layout.js';
import { isTroupeError } from '../../domain/errors/troupe-error.js';
import { maxImageNumber } from '../../domain/images/file-numbering.js';
import type { ImageRecord } from '../../domain/images/image-record.js';
import { assignImportNames, type ImportName } from '../../domain/images/import-naming.js';
import {
  parseSeedManifest,
  type SeedManifest,
  type SeedManifestEntry,
} from '../../domain/manifest/parse-seed-manifest.js';
import { raiseMarkFromStores } from '../images/file-number-mark.js';

export type ImportDeps = Pick<
  AppDeps,
  | 'actors'
  | 'images'
  | 'blobs'
  | 'inspector'
  | 'clock'
  | 'ids'
  | 'logger'
  | 'captions'
  | 'faces'
  | 'faceCache'
  | 'faceReferences'
  | 'fileNumbers'
  | 'mirror'
>;

/**
 * Imports one folder under `actors/`: creates the actor when Troupe does not have it, adds every sound training image
 * that is new to it under its own name and number where they are free, and rewrites the actor's manifest. What it
 * skips or finds odd goes into the report; it throws only when the database or the data directory fails.
 */
export async function importActor(
  deps: ImportDeps,
  manifests: ManifestWriter,
  source: ImportSource,
  folder: string,
): Promise<ActorImportReport> {
  const log = new ActorImportLog(folder);
  let actorId: ActorId;
  try {
    actorId = parseActorId(folder);
  } catch (error) {
    log.skip(`actors/${folder}`, `the folder name is not an actor id: ${(error as Error).message}`);
    return log.toReport();
  }
  const manifest = await loadManifest(source, actorId, log);
  const existing = await deps.images.listByActor(actorId);
  const checked = await checkTrainingFiles(
    deps,
    source,
    actorId,
    manifest,
    new Set(existing.map((i) => i.sha256)),
    log,
  );
  for (const key of manifest?.entries.keys() ?? []) {
    if (!checked.matchedEntries.has(key)) log.note(`${key}: in the manifest, but the file is missing`);
  }
  if (!(await ensureActor(deps, manifests, source, actorId, manifest, checked.sound, log))) return log.toReport();
  // Every number the folder shows (skipped files and entries whose file is gone too) is spent: a trainer's cache or
  // an S3 history may know it, so fresh numbers start above all of them.
  await deps.fileNumbers.raise(actorId, maxNumberSeen(await source.listTrainingFiles(actorId), manifest));

  const names = assignImportNames(
    actorId,
    checked.sound.map((s) => s.sourceName),
    {
      numbers: existing.flatMap((i) => (i.number === null ? [] : [i.number])),
      fileNames: [
        ...existing.map((i) => i.fileName),
        ...(await strayFileNames(deps, actorId, existing, checked.sound)),
      ],
      floor: await raiseMarkFromStores(deps, actorId),
    },
  );
  for (const [i, image] of checked.sound.entries()) await storeImage(deps, actorId, image, names[i]!, log);
  if (log.status === 'created' || log.imported.length > 0) await manifests.sync(actorId);
  deps.logger.info(
    { actorId, imported: log.imported.length, alreadyPresent: log.alreadyPresent, skipped: log.skipped.length },
    'actor imported',
  );
  return log.toReport();
}

async function loadManifest(
  source: ImportSource,
  actorId: ActorId,
  log: ActorImportLog,
): Promise<SeedManifest | undefined> {
  const file = `actor_manifests/${manifestFileName(actorId)}`;
  let raw: unknown;
  try {
    raw = await source.readManifest(manifestPrefix(actorId));
  } catch (error) {
    log.note(`${file}: ${(error as Error).message} Types and prompts are unknown.`);
    return undefined;
  }
  if (raw === undefined) {
    log.note(`${file}: missing: types and prompts are unknown`);
    return undefined;
  }
  const manifest = parseSeedManifest(raw);
  for (const problem of manifest.problems) log.note(`${file}: ${problem}`);
  if (manifest.actorId !== undefined && manifest.actorId !== actorId) {
    log.note(
      `${file}: its actor_id is ${JSON.stringify(manifest.actorId)}, not ${actorId}: used for ${actorId} anyway`,
    );
  }
  return manifest;
}

/** As many digits as a file name's number may have (see parseImageNumber). */
const MAX_FILE_NUMBER = 999_999_999;

function maxNumberSeen(sourceNames: readonly string[], manifest: SeedManifest | undefined): number {
  const entries = [...(manifest?.entries ?? new Map<string, SeedManifestEntry>())];
  const indexes = entries.flatMap(([, entry]) =>
    entry.index === null || entry.index > MAX_FILE_NUMBER ? [] : [entry.index],
  );
  return Math.max(maxImageNumber([...sourceNames, ...entries.map(([key]) => key)]), ...indexes);
}

/** Reuses the actor Troupe has, or creates it from the base image the seed would use. False when it cannot. */
async function ensureActor(
  deps: ImportDeps,
  manifests: ManifestWriter,
  source: ImportSource,
  actorId: ActorId,
  manifest: SeedManifest | undefined,
  sound: readonly SoundImage[],
  log: ActorImportLog,
): Promise<boolean> {
  if (await deps.actors.get(actorId)) {
    log.status = 'existing';
    return true;
  }
  let base = await findBaseImage(deps, source, actorId, manifest, log);
  if (!base) {
    const first = sound[0];
    if (!first) {
      log.skip(`actors/${actorId}`, 'no base image and no sound training image: the actor was not created');
      return false;
    }
    log.note(
      `no base image in base_image/ or the manifest's base_images: using training image ${first.sourceName} as the base image`,
    );
    base = { bytes: first.bytes, shownPath: `actors/${actorId}/training_data/${first.sourceName}` };
  }
  try {
    await addActor(deps, manifests, {
      id: actorId,
      baseImage: base.bytes,
      baseImageName: base.shownPath,
      descriptor: usable(normalizeDescriptor, manifest?.descriptor, 'descriptor', log),
      name: usable(normalizeName, manifest?.name, 'name', log),
    });
  } catch (error) {
    if (!isTroupeError(error)) throw error;
    log.skip(`actors/${actorId}`, `the actor could not be created: ${error.message}`);
    return false;
  }
  log.status = 'created';
  return true;
}

/** The manifest's value when the rule accepts it; undefined (the default) otherwise, noted. */
function usable(
  normalize: (raw: string) => string,
  raw: string | undefined,
  field: string,
  log: ActorImportLog,
): string | undefined {
  if (raw === undefined) return undefined;
  try {
    return normalize(raw);
  } catch (error) {
    log.note(`the manifest's ${field} cannot be used (${(error as Error).message}): using the default`);
    return undefined;
  }
}

/**
 * Files in Troupe's training folder that no row knows (left by an import that stopped between writing a file and
 * recording it). One holding the very bytes about to be imported under its name is free to reuse; the rest are taken.
 */
async function strayFileNames(
  deps: ImportDeps,
  actorId: ActorId,
  rows: readonly ImageRecord[],
  sound: readonly SoundImage[],
): Promise<string[]> {
  const known = new Set(rows.map((r) => r.fileName));
  const incoming = new Map(sound.map((s) => [s.sourceName, s.sha256]));
  const stray: string[] = [];
  for (const name of await deps.blobs.list(trainingFolderKey(actorId))) {
    if (known.has(name)) continue;
    const bytes = incoming.has(name) ? await deps.blobs.get(trainingImageKey(actorId, name)) : undefined;
    if (bytes === undefined || deps.inspector.sha256(bytes) !== incoming.get(name)) stray.push(name);
  }
  return stray;
}

async function storeImage(
  deps: ImportDeps,
  actorId: ActorId,
  image: SoundImage,
  name: ImportName,
  log: ActorImportLog,
): Promise<void> {
  const { entry } = image;
  const key = trainingImageKey(actorId, name.fileName);
  const record: ImageRecord = {
    id: deps.ids.next('img'),
    actorId,
    fileName: name.fileName,
    number: name.number,
    type: entry?.type ?? null,
    prompt: entry?.prompt ?? null,
    promptId: null,
    s3Url: entry?.s3Url ?? null,
    generatedAt: entry?.generatedAt ?? new Date(deps.clock.now()).toISOString(),
    generatedBy: entry?.generatedBy ?? 'import',
    jobId: null,
    attemptId: null,
    width: image.metrics.width,
    height: image.metrics.height,
    sizeBytes: image.bytes.byteLength,
    sha256: image.sha256,
  };
  try {
    await deps.blobs.put(key, image.bytes);
    await deps.images.insert(record);
    if (image.caption !== undefined) {
      const caption = {
        imageId: record.id,
        body: image.caption,
        source: 'imported' as const,
        updatedAt: record.generatedAt,
      };
      await deps.captions.putMany(actorId, [caption]);
    }
  } catch (error) {
    await deps.blobs.delete(key).catch(() => undefined);
    log.skip(`actors/${actorId}/training_data/${image.sourceName}`, `could not be stored: ${(error as Error).message}`);
    return;
  }
  log.imported.push(name.fileName);
  if (name.renamedBecause !== undefined)
    log.note(`${image.sourceName}: ${name.renamedBecause}: imported as ${name.fileName}`);
  else if (entry !== undefined && entry.index !== null && entry.index !== name.number) {
    log.note(
      `${image.sourceName}: the manifest says index ${entry.index}, the name says ${name.number}: kept ${name.number}`,
    );
  }
}
