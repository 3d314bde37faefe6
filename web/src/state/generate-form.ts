// The Generate Images form: its fields as typed, and the job request they make.
import { IMAGE_TYPES, type ImageType, type JobRequest, type LaunchMode, type ServerConfig } from '../api/types';

export interface GenerateForm {
  count: string;
  isAutoSplit: boolean;
  mix: Record<ImageType, string>;
  maxAttempts: string;
  concurrency: string;
  mode: LaunchMode | 'seed';
  provider: string;
  scenario: string;
  costCapUsd: string;
}

/** The built-in prompt library's proportions, which the server splits `count` by. */
export const AUTO_SPLIT_WEIGHTS: Record<ImageType, number> = { photorealistic: 15, bw_stylized: 11, color_stylized: 9 };

export function initialForm(config: ServerConfig): GenerateForm {
  return {
    count: '10',
    isAutoSplit: true,
    mix: { photorealistic: '', bw_stylized: '', color_stylized: '' },
    maxAttempts: '',
    concurrency: '',
    mode: 'fast',
    provider: config.defaultProvider,
    scenario: config.defaultScenario,
    costCapUsd: '',
  };
}

/** The seed's cap: min(2N + 3, 25). */
export function defaultMaxAttempts(requestedImages: number): number {
  return Math.min(requestedImages * 2 + 3, 25);
}

function numberOrUndefined(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** How many images the form asks for, as far as the browser can tell. */
export function requestedImages(form: GenerateForm): number {
  if (form.isAutoSplit) return numberOrUndefined(form.count) ?? 0;
  return IMAGE_TYPES.reduce((sum, type) => sum + (numberOrUndefined(form.mix[type]) ?? 0), 0);
}

/** A problem worth saying before asking the server, or undefined. */
export function formProblem(form: GenerateForm): string | undefined {
  if (form.isAutoSplit && form.count.trim() === '') return 'Enter how many images to make.';
  const wholeNumbers: [string, string][] = [
    ['Images to make', form.isAutoSplit ? form.count : ''],
    ...IMAGE_TYPES.map((type): [string, string] => [`The ${type} count`, form.isAutoSplit ? '' : form.mix[type]]),
    ['Max attempts', form.maxAttempts],
    ['Concurrency', form.concurrency],
  ];
  const notWhole = wholeNumbers.find(([, text]) => text.trim() !== '' && !Number.isSafeInteger(Number(text)));
  if (notWhole) return `${notWhole[0]} must be a whole number.`;
  if (!form.isAutoSplit && requestedImages(form) === 0) return 'Ask for at least one image of some type.';
  return undefined;
}

export function toJobRequest(actorId: string, form: GenerateForm): JobRequest {
  const request: JobRequest = { actorId, provider: form.provider };
  if (form.isAutoSplit) request.count = numberOrUndefined(form.count);
  else request.types = IMAGE_TYPES.map((type) => `${type}=${numberOrUndefined(form.mix[type]) ?? 0}`).join(',');
  request.maxAttempts = numberOrUndefined(form.maxAttempts);
  request.concurrency = numberOrUndefined(form.concurrency);
  request.costCapUsd = numberOrUndefined(form.costCapUsd);
  if (form.mode !== 'fast') request.mode = form.mode;
  if (form.provider === 'sim') request.scenario = form.scenario;
  return request;
}

/** Splits `count` by the auto weights with largest remainders, as the server does: the manual mix starts here. */
export function autoSplit(count: number): Record<ImageType, number> {
  const total = Math.max(0, Math.floor(count));
  const weightSum = IMAGE_TYPES.reduce((sum, type) => sum + AUTO_SPLIT_WEIGHTS[type], 0);
  const exact = IMAGE_TYPES.map((type) => ({ type, share: (total * AUTO_SPLIT_WEIGHTS[type]) / weightSum }));
  const split = { photorealistic: 0, bw_stylized: 0, color_stylized: 0 };
  for (const { type, share } of exact) split[type] = Math.floor(share);
  let left = total - IMAGE_TYPES.reduce((sum, type) => sum + split[type], 0);
  for (const { type } of [...exact].sort((a, b) => (b.share % 1) - (a.share % 1))) {
    if (left-- <= 0) break;
    split[type] += 1;
  }
  return split;
}
