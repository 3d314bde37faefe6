import { open } from 'node:fs/promises';
import type { UserFiles } from '../../app/ports.js';
import { invalidInput } from '../../domain/errors/troupe-error.js';

export class LocalUserFiles implements UserFiles {
  async read(path: string, maxBytes: number): Promise<Uint8Array> {
    let handle;
    try {
      handle = await open(path, 'r');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'it does not exist' : code === 'EACCES' ? 'permission denied' : `error ${code}`;
      throw invalidInput(`Cannot read ${path}: ${why}. Check the path.`);
    }
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) throw invalidInput(`${path} is not a file.`);
      if (stat.size > maxBytes) throw invalidInput(`${path} is ${stat.size} bytes; the limit is ${maxBytes} bytes.`);
      return await handle.readFile();
    } finally {
      await handle.close();
    }
  }
}
