import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { PromptLibraryLoader } from '../../app/ports.js';
import { TroupeError } from '../../domain/errors/troupe-error.js';
import { parsePromptLibrary, type PromptLibrary } from '../../domain/prompts/prompt-library.js';

/** The built-in library ships as a data file users can copy, edit and pass back with --prompts. */
export const BUILT_IN_PROMPTS_PATH = fileURLToPath(
  new URL('../../../assets/prompts/default-prompts.json', import.meta.url),
);

export class JsonPromptLibraryLoader implements PromptLibraryLoader {
  private readonly cache = new Map<string, PromptLibrary>();

  async load(path: string | null): Promise<PromptLibrary> {
    const file = path ?? BUILT_IN_PROMPTS_PATH;
    const cached = this.cache.get(file);
    if (cached) return cached;
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      throw new TroupeError(
        'INVALID_PROMPTS',
        `Cannot read prompts file ${file} (${reason}): check the path given to --prompts.`,
        { cause: error },
      );
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new TroupeError(
        'INVALID_PROMPTS',
        `Prompts file ${file} is not valid JSON (${(error as Error).message}).`,
        { cause: error },
      );
    }
    const library = parsePromptLibrary(data, file);
    this.cache.set(file, library);
    return library;
  }
}
