import type { ManifestWriter } from '../manifest/manifest-writer.js';
import { importActor, type ImportDeps } from './import-actor.js';
import type { ImportSource } from './import-source.js';
import type { ActorImportReport, ImportReport } from './import-report.js';
import { manifestFileName, parseActorId } from '../../domain/actors/actor-id.js';
import { invalidInput } from '../../domain/errors/troupe-error.js';

const USAGE = 'Name the folder that holds actors/ and actor_manifests/ (e.g. troupe import ./data).';

/**
 * Brings a seed-format data folder into Troupe, one actor folder at a time, and reports what it did and every oddity
 * it met. Reads the source only; a second run over the same folder imports nothing and changes nothing. Throws
 * TroupeError INVALID_INPUT only when the path is not such a folder.
 */
export async function importSeedFolder(
  deps: ImportDeps,
  manifests: ManifestWriter,
  source: ImportSource,
): Promise<ImportReport> {
  const shape = await source.probe();
  const shown = source.displayPath;
  if (shape.kind === 'missing') throw invalidInput(`Cannot import ${shown}: it does not exist. ${USAGE}`);
  if (shape.kind === 'file') throw invalidInput(`Cannot import ${shown}: it is a file, not a folder. ${USAGE}`);
  if (!shape.hasActors && !shape.hasManifests) {
    throw invalidInput(`Cannot import ${shown}: it holds neither actors/ nor actor_manifests/. ${USAGE}`);
  }
  const folders = await source.listActorIds();
  const actors: ActorImportReport[] = [];
  for (const folder of folders) actors.push(await importActor(deps, manifests, source, folder));
  const oddities = shape.hasActors ? [] : ['no actors/ folder: there are no images to import'];
  const links = await source.listSymbolicLinks();
  oddities.push(...links.map((link) => `${link}: a symbolic link: skipped, links are not followed`));
  const linkedFolders = links.map((link) => link.slice('actors/'.length));
  oddities.push(...(await unclaimedManifests(source, [...actors.map((a) => a.folder), ...linkedFolders])));
  return { source: shown, actors, oddities };
}

/** Manifests no actor folder reads (an actor whose folder is gone, a backup copy): left alone, but worth a line. */
async function unclaimedManifests(source: ImportSource, folders: readonly string[]): Promise<string[]> {
  const claimed = new Set(
    folders.flatMap((folder) => {
      try {
        return [manifestFileName(parseActorId(folder))];
      } catch {
        return [];
      }
    }),
  );
  const names = await source.listManifests();
  return names
    .filter((name) => !claimed.has(name))
    .map((name) => `actor_manifests/${name}: belongs to no folder in actors/: ignored`);
}
