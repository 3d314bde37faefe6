import { realpathSync } from 'node:fs';
import { lstat, open, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ImportSource, ImportSourceShape } from '../../app/import/import-source.js';
import { invalidInput } from '../../domain/errors/troupe-error.js';

/** No training or base image is anywhere near this; a bigger file is refused rather than read into memory. */
const MAX_FILE_BYTES = 64 * 1024 * 1024;
const MAX_MANIFEST_BYTES = 32 * 1024 * 1024;

/** A seed-format folder on local disk, opened read-only (every file is opened with the 'r' flag; nothing writes). */
export class SeedFolderSource implements ImportSource {
  readonly displayPath: string;

  constructor(folder: string) {
    this.displayPath = path.resolve(folder);
  }

  async probe(): Promise<ImportSourceShape> {
    const info = await stat(this.displayPath).catch(() => undefined);
    if (!info) return { kind: 'missing', hasActors: false, hasManifests: false };
    if (!info.isDirectory()) return { kind: 'file', hasActors: false, hasManifests: false };
    const isFolder = async (name: string) =>
      (await stat(path.join(this.displayPath, name)).catch(() => undefined))?.isDirectory() ?? false;
    return { kind: 'folder', hasActors: await isFolder('actors'), hasManifests: await isFolder('actor_manifests') };
  }

  listActorIds(): Promise<string[]> {
    return this.list(['actors'], 'folders');
  }

  async listTrainingFiles(actorId: string): Promise<string[]> {
    const segments = ['actors', segment(actorId), 'training_data'];
    return (await this.isLink(segments)) ? [] : this.list(segments, 'files');
  }

  async listSymbolicLinks(actorId?: string): Promise<string[]> {
    if (actorId === undefined) return this.links(['actors']);
    const folder = ['actors', segment(actorId), 'training_data'];
    return (await this.isLink(folder)) ? [folder.join('/')] : this.links(folder);
  }

  private async isLink(segments: string[]): Promise<boolean> {
    const info = await lstat(path.join(this.displayPath, ...segments)).catch(() => undefined);
    return info?.isSymbolicLink() ?? false;
  }

  private async links(segments: string[]): Promise<string[]> {
    const folder = await this.resolveInside(segments);
    if (folder === undefined) return [];
    const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
    return entries
      .filter((e) => !e.name.startsWith('.') && e.isSymbolicLink())
      .map((e) => [...segments, e.name].join('/'))
      .sort();
  }

  async readTrainingFile(actorId: string, name: string): Promise<Uint8Array> {
    return this.read(['actors', segment(actorId), 'training_data', segment(name)], MAX_FILE_BYTES);
  }

  async listBaseImages(actorId: string): Promise<string[]> {
    return this.list(['actors', segment(actorId), 'base_image'], 'files');
  }

  async readBaseImage(actorId: string, name: string): Promise<Uint8Array> {
    return this.read(['actors', segment(actorId), 'base_image', segment(name)], MAX_FILE_BYTES);
  }

  listManifests(): Promise<string[]> {
    return this.list(['actor_manifests'], 'files');
  }

  async readManifest(prefix: string): Promise<unknown> {
    const segments = ['actor_manifests', segment(`${prefix}_manifest.json`)];
    if (!(await this.isFile(segments))) return undefined;
    const text = new TextDecoder().decode(await this.read(segments, MAX_MANIFEST_BYTES));
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw invalidInput(`${segments.join('/')} is not valid JSON (${(error as Error).message}).`);
    }
  }

  async readFileByManifestPath(manifestPath: string): Promise<Uint8Array | undefined> {
    for (const segments of this.candidates(manifestPath)) {
      if (await this.isFile(segments)) return this.read(segments, MAX_FILE_BYTES);
    }
    return undefined;
  }

  /** Relative segments inside the folder that a manifest path may mean; paths that would leave it are dropped. */
  private candidates(manifestPath: string): string[][] {
    if (manifestPath.includes('\0')) return [];
    const normalized = manifestPath.replaceAll('\\', '/');
    const parent = path.dirname(this.displayPath);
    const absolute = [path.resolve(parent, normalized), path.resolve(this.displayPath, normalized)];
    const fromActors = /(?:^|\/)(actors\/.+)$/.exec(normalized)?.[1];
    if (fromActors !== undefined) absolute.push(path.resolve(this.displayPath, fromActors));
    return absolute
      .map((file) => path.relative(this.displayPath, file))
      .filter(
        (relative) =>
          relative !== '' && relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative),
      )
      .map((relative) => relative.split(path.sep));
  }

  private async list(segments: string[], what: 'files' | 'folders'): Promise<string[]> {
    const folder = await this.resolveInside(segments);
    if (folder === undefined) return [];
    const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
    return entries
      .filter((e) => !e.name.startsWith('.') && (what === 'files' ? e.isFile() : e.isDirectory()))
      .map((e) => e.name)
      .sort();
  }

  private async isFile(segments: string[]): Promise<boolean> {
    const file = await this.resolveInside(segments);
    return file !== undefined && ((await stat(file).catch(() => undefined))?.isFile() ?? false);
  }

  private async read(segments: string[], maxBytes: number): Promise<Uint8Array> {
    const shown = segments.join('/');
    const file = await this.resolveInside(segments);
    if (file === undefined)
      throw invalidInput(`Cannot read ${shown}: it does not exist or lies outside ${this.displayPath}.`);
    let handle;
    try {
      handle = await open(file, 'r');
    } catch (error) {
      throw invalidInput(`Cannot read ${shown}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}.`);
    }
    try {
      const info = await handle.stat();
      if (!info.isFile()) throw invalidInput(`Cannot read ${shown}: it is not a file.`);
      if (info.size > maxBytes)
        throw invalidInput(`Cannot read ${shown}: it is ${info.size} bytes; the limit is ${maxBytes} bytes.`);
      return await handle.readFile();
    } finally {
      await handle.close();
    }
  }

  /** The real path of `segments` under the folder, or undefined when it is missing or a link leads outside. */
  private async resolveInside(segments: string[]): Promise<string | undefined> {
    const root = await realpath(this.displayPath).catch(() => undefined);
    const target = await realpath(path.join(this.displayPath, ...segments)).catch(() => undefined);
    if (root === undefined || target === undefined) return undefined;
    return target === root || target.startsWith(root + path.sep) ? target : undefined;
  }
}

/**
 * Opens `folder` for import into `dataDir`, refusing a folder that is, holds or lies inside the data directory:
 * Troupe rewrites its own manifests there, and import never modifies its source.
 */
export function openSeedFolderSource(folder: string, dataDir: string): SeedFolderSource {
  const source = new SeedFolderSource(folder);
  const [from, into] = [realOrResolved(source.displayPath), realOrResolved(dataDir)];
  const isInside = (inner: string, outer: string) => inner === outer || inner.startsWith(outer + path.sep);
  if (isInside(from, into) || isInside(into, from)) {
    throw invalidInput(
      `Cannot import ${source.displayPath}: it overlaps Troupe's data directory ${into}, where import writes, and import never modifies its source. ` +
        `Set TROUPE_DATA_DIR to another folder (e.g. TROUPE_DATA_DIR=troupe-data troupe import ${folder}).`,
    );
  }
  return source;
}

/** The real path, through the nearest existing ancestor when the folder does not exist yet (a fresh data dir). */
function realOrResolved(folder: string): string {
  const resolved = path.resolve(folder);
  try {
    return realpathSync(resolved);
  } catch {
    const parent = path.dirname(resolved);
    return parent === resolved ? resolved : path.join(realOrResolved(parent), path.basename(resolved));
  }
}

function segment(name: string): string {
  const isSafe = name !== '' && name !== '.' && name !== '..' && !/[/\\\0]/.test(name);
  if (!isSafe)
    throw invalidInput(
      `Refusing the name ${JSON.stringify(name)}: it must be one file or folder name inside the import folder.`,
    );
  return name;
}
