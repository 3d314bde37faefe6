import type { AppDeps } from '../app-deps.js';
import type { ImportSource } from './import-source.js';
import type { ActorImportLog } from './import-report.js';
import type { ActorId } from '../../domain/actors/actor-id.js';
import { rejectionReason, type ImageMetrics } from '../../domain/images/image-acceptance.js';
import { isImageFileName, originalsFirst } from '../../domain/images/import-naming.js';
import { toCaptionLine } from '../../domain/captions/compose-caption.js';
import type { SeedManifest, SeedManifestEntry } from '../../domain/manifest/parse-seed-manifest.js';

/** A training file that decodes, can be used and is new to the actor. */
export interface SoundImage {
  readonly sourceName: string;
  readonly bytes: Uint8Array;
  readonly metrics: ImageMetrics;
  readonly sha256: string;
  readonly entry: SeedManifestEntry | undefined;
  /** The same-name `.txt` caption beside the image (`x_12.txt` for `x_12.jpg`), as one line; undefined when none. */
  readonly caption?: string;
}

export interface CheckedFiles {
  readonly sound: readonly SoundImage[];
  /** Manifest keys some file in the folder answered to (sound or not). */
  readonly matchedEntries: ReadonlySet<string>;
}

type Deps = Pick<AppDeps, 'inspector'>;

/** Formats each extension may hold; a mismatch is kept as it is and noted. */
const FORMAT_OF_EXTENSION: Readonly<Record<string, string>> = { jpg: 'jpeg', jpeg: 'jpeg', png: 'png', webp: 'webp' };

/**
 * Reads and checks every file in the actor's `training_data/`, originals before their copies. Skips (and logs) what is
 * not an image, unreadable, unusable or a byte-identical copy; counts images the actor already has (`knownShas`);
 * returns the rest. Never throws for a bad file.
 */
export async function checkTrainingFiles(
  deps: Deps,
  source: ImportSource,
  actorId: ActorId,
  manifest: SeedManifest | undefined,
  knownShas: ReadonlySet<string>,
  log: ActorImportLog,
): Promise<CheckedFiles> {
  const folder = `actors/${actorId}/training_data`;
  const names = [...(await source.listTrainingFiles(actorId))].sort(originalsFirst);
  const sound: SoundImage[] = [];
  const firstWithSha = new Map<string, string>();
  const matchedEntries = new Set<string>();
  for (const link of await source.listSymbolicLinks(actorId)) {
    log.skip(link, 'a symbolic link: links are not followed');
    const isFolder = link === folder;
    for (const [key] of manifest?.entries ?? []) {
      if (isFolder || entryFor(manifest!, link.slice(folder.length + 1))?.[0] === key) matchedEntries.add(key);
    }
  }
  const captionFiles = captionFilesOf(names);
  const captionNames = new Set(captionFiles.values());
  for (const name of names) {
    const shown = `${folder}/${name}`;
    if (captionNames.has(name)) continue;
    const match = manifest && entryFor(manifest, name);
    if (match) matchedEntries.add(match[0]);
    if (!isImageFileName(name)) {
      log.skip(shown, 'not an image');
      continue;
    }
    const read = await readAndInspect(deps, source, actorId, name);
    if ('reason' in read) {
      log.skip(shown, read.reason);
      continue;
    }
    const sha256 = deps.inspector.sha256(read.bytes);
    const original = firstWithSha.get(sha256);
    if (original !== undefined) {
      log.skip(shown, `an identical copy of ${original}`);
      continue;
    }
    firstWithSha.set(sha256, name);
    noteFormat(name, read.metrics.format, log);
    if (manifest && !match) log.note(`${name}: not in the manifest: type unknown`);
    if (knownShas.has(sha256)) log.alreadyPresent += 1;
    else {
      const caption = await readCaption(source, actorId, captionFiles.get(name), log);
      sound.push({ sourceName: name, bytes: read.bytes, metrics: read.metrics, sha256, entry: match?.[1], caption });
    }
  }
  return { sound, matchedEntries };
}

async function readAndInspect(
  deps: Deps,
  source: ImportSource,
  actorId: ActorId,
  name: string,
): Promise<{ bytes: Uint8Array; metrics: ImageMetrics } | { reason: string }> {
  let bytes: Uint8Array;
  try {
    bytes = await source.readTrainingFile(actorId, name);
  } catch (error) {
    return { reason: (error as Error).message };
  }
  let metrics: ImageMetrics;
  try {
    metrics = await deps.inspector.inspect(bytes);
  } catch (error) {
    return { reason: (error as Error).message.replace(/^The file is /, '').replace(/\.$/, '') };
  }
  const rejected = rejectionReason(metrics);
  return rejected === undefined ? { bytes, metrics } : { reason: `cannot be used: ${rejected}` };
}

/** The manifest entry for a file: by exact name, else by name in any case (`X_3.JPG` for `x_3.jpg`). */
function entryFor(manifest: SeedManifest, name: string): [string, SeedManifestEntry] | undefined {
  const exact = manifest.entries.get(name);
  if (exact) return [name, exact];
  const lower = name.toLowerCase();
  return [...manifest.entries].find(([key]) => key.toLowerCase() === lower);
}

function noteFormat(name: string, format: string, log: ActorImportLog): void {
  const extension = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
  const expected = FORMAT_OF_EXTENSION[extension];
  if (expected !== undefined && expected !== format)
    log.note(`${name}: holds a ${format} image despite its .${extension} name: kept as it is`);
}

/** Caption files by the image they belong to: a `.txt` with an image's stem (trainers' own convention). */
function captionFilesOf(names: readonly string[]): Map<string, string> {
  const texts = new Map(names.filter((n) => /\.txt$/i.test(n)).map((n) => [n.slice(0, -4), n]));
  const pairs = new Map<string, string>();
  for (const name of names) {
    const dot = name.lastIndexOf('.');
    const text = isImageFileName(name) && dot > 0 ? texts.get(name.slice(0, dot)) : undefined;
    if (text !== undefined) pairs.set(name, text);
  }
  return pairs;
}

async function readCaption(
  source: ImportSource,
  actorId: ActorId,
  name: string | undefined,
  log: ActorImportLog,
): Promise<string | undefined> {
  if (name === undefined) return undefined;
  try {
    const line = toCaptionLine(new TextDecoder().decode(await source.readTrainingFile(actorId, name)));
    return line.length > 0 ? line.slice(0, 1000) : undefined;
  } catch (error) {
    log.note(`${name}: the caption could not be read (${(error as Error).message}): one is made instead`);
    return undefined;
  }
}
