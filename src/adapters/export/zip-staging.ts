import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import yazl from 'yazl';
import type { ExportStaging } from '../../app/ports.js';
import { safeRelativePath } from './safe-relative-path.js';

/** A zip export: entries stream into a hidden staging file that is renamed to the target once the zip is complete. */
export class ZipStaging implements ExportStaging {
  private readonly zip = new yazl.ZipFile();
  private readonly done: Promise<void>;

  private constructor(
    private readonly stagingPath: string,
    private readonly finalPath: string,
    output: WriteStream,
  ) {
    this.zip.outputStream.pipe(output);
    this.done = finished(output);
    // Observed here so a failed write surfaces from commit() instead of as an unhandled rejection.
    this.done.catch(() => undefined);
  }

  static async create(stagingPath: string, finalPath: string): Promise<ZipStaging> {
    const output = createWriteStream(stagingPath, { flags: 'wx' });
    await new Promise<void>((resolve, reject) => {
      output.once('open', () => resolve());
      output.once('error', reject);
    });
    return new ZipStaging(stagingPath, finalPath, output);
  }

  async write(relativePath: string, bytes: Uint8Array): Promise<void> {
    // Images are already compressed; deflating them again costs time and saves nothing.
    const isImage = /\.(jpe?g|png|webp)$/i.test(relativePath);
    this.zip.addBuffer(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), safeRelativePath(relativePath), {
      compress: !isImage,
    });
  }

  get targetPath(): string {
    return this.finalPath;
  }

  async commit(): Promise<void> {
    this.zip.end();
    await this.done;
    await rename(this.stagingPath, this.finalPath);
  }

  async abort(): Promise<void> {
    this.zip.end();
    await this.done.catch(() => undefined);
    await rm(this.stagingPath, { force: true });
  }
}
