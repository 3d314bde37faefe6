import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ManifestStore } from '../../app/ports.js';
import type { Manifest } from '../../domain/manifest/manifest.js';
import { writeFileAtomic } from './atomic-write.js';
import { withFileLock } from './file-lock.js';
import { resolveUnder } from './safe-path.js';

const STALE_TEMP_MS = 60_000;

/** Manifests as pretty-printed JSON files in `actor_manifests/`, so `jq` and diffs read them easily. */
export class JsonManifestStore implements ManifestStore {
  constructor(private readonly folder: string) {}

  async write(fileName: string, manifest: Manifest): Promise<void> {
    await writeFileAtomic(resolveUnder(this.folder, fileName), `${JSON.stringify(manifest, null, 2)}\n`);
    await this.sweepStaleTemps(fileName);
  }

  async writeLatest(fileName: string, project: () => Promise<Manifest | undefined>): Promise<void> {
    await mkdir(this.folder, { recursive: true });
    await withFileLock(`${resolveUnder(this.folder, fileName)}.lock`, async () => {
      const manifest = await project();
      if (manifest !== undefined) await this.write(fileName, manifest);
    });
  }

  /** A process killed mid-write leaves its temp file; one older than any write could take is safe to remove. */
  private async sweepStaleTemps(fileName: string): Promise<void> {
    const names = await readdir(this.folder).catch(() => [] as string[]);
    for (const name of names.filter((n) => n.startsWith(`${fileName}.`) && n.endsWith('.tmp'))) {
      const file = path.join(this.folder, name);
      const info = await stat(file).catch(() => undefined);
      if (info && Date.now() - info.mtimeMs > STALE_TEMP_MS) await rm(file, { force: true });
    }
  }

  async read(fileName: string): Promise<unknown> {
    return JSON.parse(await readFile(resolveUnder(this.folder, fileName), 'utf8')) as unknown;
  }
}
