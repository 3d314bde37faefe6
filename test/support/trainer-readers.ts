import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import yauzl from 'yauzl';

/** kohya's folder name: `{repeats}_{class tokens}`, the class tokens being `{trigger} {class}` here. */
export function parseKohyaFolderName(name: string): { repeats: number; trigger: string; captionClass: string } {
  const match = /^(\d+)_(\S+) (.+)$/.exec(name);
  if (!match) throw new Error(`${name} is not a kohya folder name`);
  return { repeats: Number(match[1]), trigger: match[2]!, captionClass: match[3]! };
}

/** Image + caption pairs of a folder, as trainers pair them: by stem. Throws on an image without its caption. */
export async function readPairs(folder: string): Promise<{ stem: string; image: string; caption: string }[]> {
  const names = await readdir(folder);
  const images = names.filter((n) => /\.(jpe?g|png|webp)$/i.test(n)).sort();
  return Promise.all(
    images.map(async (image) => {
      const stem = image.slice(0, image.lastIndexOf('.'));
      const caption = await readFile(path.join(folder, `${stem}.txt`), 'utf8');
      return { stem, image, caption };
    }),
  );
}

/** The entries of a zip file with their contents, read with yauzl as a trainer's unzip would. */
export function readZip(file: string): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error ?? new Error('no zip'));
      const entries = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) return reject(streamError ?? new Error('no stream'));
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => {
            entries.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(entries));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}
