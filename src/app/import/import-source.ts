/** What sits at the top of the folder named for import. */
export interface ImportSourceShape {
  /** 'missing' when nothing is there, 'file' when it is not a folder. */
  readonly kind: 'missing' | 'file' | 'folder';
  readonly hasActors: boolean;
  readonly hasManifests: boolean;
}

/**
 * A seed-format data folder to import from (`actors/{id}/training_data/*`, `actors/{id}/base_image/*`,
 * `actor_manifests/{prefix}_manifest.json`). Read-only by construction: no method writes, moves or deletes.
 *
 * Listings are sorted file names (regular files only, not recursive); hidden entries (`.DS_Store`, `.git`) are left out,
 * and a folder that does not exist lists as empty. Names are single path segments: a name that would leave the folder
 * (`..`, `/`, `\`) is refused with TroupeError INVALID_INPUT, as is anything that resolves outside it through a link.
 * Reads throw TroupeError INVALID_INPUT naming the file when it is missing, unreadable or larger than the adapter's cap.
 */
export interface ImportSource {
  /** How to name the folder in messages (its absolute path). */
  readonly displayPath: string;
  /** Never throws for a missing or odd path: that is what it reports. */
  probe(): Promise<ImportSourceShape>;
  /** Folder names directly under `actors/`, valid actor ids or not. */
  listActorIds(): Promise<string[]>;
  listTrainingFiles(actorId: string): Promise<string[]>;
  readTrainingFile(actorId: string, name: string): Promise<Uint8Array>;
  listBaseImages(actorId: string): Promise<string[]>;
  readBaseImage(actorId: string, name: string): Promise<Uint8Array>;
  /**
   * Symbolic links the import does not follow (a link may lead anywhere, and import reads only what is inside), as
   * paths inside the folder: without `actorId` the links under `actors/`; with it the actor's `training_data` folder
   * when that is a link, else the links in it. Listings leave these out.
   */
  listSymbolicLinks(actorId?: string): Promise<string[]>;
  /** File names under `actor_manifests/`. */
  listManifests(): Promise<string[]>;
  /** The parsed JSON of `actor_manifests/{prefix}_manifest.json`; undefined when there is no such file; INVALID_INPUT when it is not JSON. */
  readManifest(prefix: string): Promise<unknown>;
  /**
   * A file a manifest names (`base_images` entries such as `data/actors/x/base_image/b.jpg`), resolved against the
   * folder's parent, then the folder itself, then from its `actors/` segment on. Undefined when no candidate inside
   * the folder exists; paths that would leave the folder are never read.
   */
  readFileByManifestPath(manifestPath: string): Promise<Uint8Array | undefined>;
}
