import type { AppDeps } from '../app-deps.js';
import type { CaptionFields } from '../../domain/captions/caption-fields.js';
import type { ImageRecord } from '../../domain/images/image-record.js';
import { renderPrompt, type Prompt } from '../../domain/prompts/prompt-library.js';

type Deps = Pick<AppDeps, 'jobs' | 'prompts'>;

/**
 * Finds the caption fields of the prompt that made each image: by prompt id in the library its job used (or the
 * built-in one), else by the prompt text itself (an imported image whose manifest kept the prompt). Images whose
 * prompt is unknown, or was written without caption fields, are absent.
 */
export async function promptFieldsOf(
  deps: Deps,
  images: readonly ImageRecord[],
  descriptor: string,
): Promise<Map<string, CaptionFields>> {
  const builtIn = await deps.prompts.load(null);
  const libraries = new Map<string | null, readonly Prompt[]>([[null, builtIn.prompts]]);
  const promptsOfJob = async (jobId: string | null): Promise<readonly Prompt[]> => {
    const path = jobId === null ? null : ((await deps.jobs.get(jobId))?.promptsPath ?? null);
    if (!libraries.has(path)) {
      // A prompts file moved or deleted since the job ran: its prompts may still be found by their text.
      const library = await deps.prompts.load(path).catch(() => builtIn);
      libraries.set(path, library.prompts);
    }
    return libraries.get(path)!;
  };
  const byText = new Map(builtIn.prompts.map((p) => [renderPrompt(p, descriptor), p]));
  const found = new Map<string, CaptionFields>();
  for (const image of images) {
    const prompts = await promptsOfJob(image.jobId);
    const prompt =
      (image.promptId === null ? undefined : prompts.find((p) => p.id === image.promptId)) ??
      (image.prompt === null ? undefined : byText.get(image.prompt));
    if (prompt?.caption !== undefined && Object.keys(prompt.caption).length > 0) found.set(image.id, prompt.caption);
  }
  return found;
}
