import { TroupeError } from '../errors/troupe-error.js';
import { IMAGE_TYPES, isImageType, type ImageType } from './image-type.js';
import { readCaptionFields } from './prompt-caption-fields.js';
import type { CaptionFields } from '../captions/caption-fields.js';

export interface Prompt {
  /** Stable id, unique in its library: learned statistics and attempt rows refer to it. */
  readonly id: string;
  readonly type: ImageType;
  /** An image-editing instruction; `{descriptor}` is replaced by the actor's descriptor. */
  readonly template: string;
  /** What the prompt varies, in caption words (`caption` in the file); empty for prompts written without it. */
  readonly caption?: CaptionFields;
}

export interface PromptLibrary {
  readonly prompts: readonly Prompt[];
}

const PROMPT_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const PLACEHOLDER_PATTERN = /\{([^}]*)\}/g;
const MAX_TEMPLATE_LENGTH = 2000;

/**
 * Validates a parsed prompts file (`{"prompts": [{"id", "type", "template"}]}`) and reports every problem at once,
 * so a user editing the file fixes it in one pass.
 */
export function parsePromptLibrary(data: unknown, source: string): PromptLibrary {
  const problems: string[] = [];
  const entries = readEntries(data, problems);
  const prompts: Prompt[] = [];
  const seenIds = new Set<string>();
  entries.forEach((entry, index) => {
    const prompt = readPrompt(entry, `prompts[${index}]`, problems);
    if (!prompt) return;
    if (seenIds.has(prompt.id)) problems.push(`prompts[${index}].id "${prompt.id}" is used twice`);
    seenIds.add(prompt.id);
    prompts.push(prompt);
  });
  if (entries.length > 0 && prompts.length === entries.length) {
    for (const type of IMAGE_TYPES) {
      if (!prompts.some((p) => p.type === type)) problems.push(`no prompt has type "${type}"`);
    }
  }
  if (problems.length > 0) {
    throw new TroupeError(
      'INVALID_PROMPTS',
      `Prompts file ${source} is invalid: ${problems.join('; ')}. Fix the file, or omit --prompts to use the built-in library.`,
    );
  }
  return { prompts };
}

function readEntries(data: unknown, problems: string[]): unknown[] {
  if (typeof data !== 'object' || data === null || !Array.isArray((data as { prompts?: unknown }).prompts)) {
    problems.push('expected an object with a "prompts" array');
    return [];
  }
  const entries = (data as { prompts: unknown[] }).prompts;
  if (entries.length === 0) problems.push('"prompts" is empty');
  return entries;
}

function readPrompt(entry: unknown, where: string, problems: string[]): Prompt | undefined {
  if (typeof entry !== 'object' || entry === null) {
    problems.push(`${where} is not an object`);
    return undefined;
  }
  const { id, type, template, caption } = entry as Record<string, unknown>;
  const before = problems.length;
  if (typeof id !== 'string' || !PROMPT_ID_PATTERN.test(id)) {
    problems.push(`${where}.id must be lowercase letters, digits, "-" or "_"`);
  }
  if (typeof type !== 'string' || !isImageType(type)) {
    problems.push(`${where}.type must be one of ${IMAGE_TYPES.join(', ')}`);
  }
  if (typeof template !== 'string' || template.trim().length === 0 || template.length > MAX_TEMPLATE_LENGTH) {
    problems.push(`${where}.template must be a non-empty string of at most ${MAX_TEMPLATE_LENGTH} characters`);
  } else {
    for (const [, name] of template.matchAll(PLACEHOLDER_PATTERN)) {
      if (name !== 'descriptor')
        problems.push(`${where}.template has unknown placeholder {${name}}; only {descriptor} is supported`);
    }
  }
  const fields = readCaptionFields(caption, `${where}.caption`, problems);
  if (problems.length > before) return undefined;
  return { id: id as string, type: type as ImageType, template: template as string, caption: fields };
}

export function renderPrompt(prompt: Prompt, descriptor: string): string {
  return prompt.template.replaceAll('{descriptor}', descriptor);
}

export function promptsOfType(library: PromptLibrary, type: ImageType): readonly Prompt[] {
  return library.prompts.filter((p) => p.type === type);
}

export function countPromptsByType(library: PromptLibrary): Record<ImageType, number> {
  const counts = { photorealistic: 0, bw_stylized: 0, color_stylized: 0 };
  for (const prompt of library.prompts) counts[prompt.type] += 1;
  return counts;
}

/** The seed's `prompt_preview`: the first 100 characters (code points, as Python's `[:100]`, never half an emoji). */
export function promptPreview(prompt: string): string {
  return Array.from(prompt).slice(0, 100).join('');
}
