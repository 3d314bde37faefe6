import { invalidInput } from '../errors/troupe-error.js';

/**
 * The trainers' input formats, as data: where the image + caption pairs go, what else is written, and what each
 * trainer needs at least. Every format writes `{stem}.{ext}` + `{stem}.txt` pairs and a README.md.
 */
export interface ExportFormat {
  readonly name: ExportFormatName;
  /** What a user reads in help and the README. */
  readonly description: string;
  /** A folder on disk, or one zip file (Replicate's trainer takes a zip). */
  readonly container: 'folder' | 'zip';
  /** The fewest images the trainer accepts. */
  readonly minImages: number;
  /** The folder of the pairs inside the export; kohya's name carries repeats, trigger and class. */
  imageFolder(settings: { repeats: number; trigger: string; captionClass: string }): string;
}

export const EXPORT_FORMAT_NAMES = ['kohya', 'ai-toolkit', 'replicate', 'jsonl'] as const;
export type ExportFormatName = (typeof EXPORT_FORMAT_NAMES)[number];

export const EXPORT_FORMATS: Readonly<Record<ExportFormatName, ExportFormat>> = {
  kohya: {
    name: 'kohya',
    description: 'kohya_ss / sd-scripts folder with dataset.toml (also fluxgym, OneTrainer)',
    container: 'folder',
    minImages: 1,
    imageFolder: ({ repeats, trigger, captionClass }) => `img/${repeats}_${trigger} ${captionClass}`,
  },
  'ai-toolkit': {
    name: 'ai-toolkit',
    description: 'ai-toolkit folder with an ai-toolkit.yaml dataset block',
    container: 'folder',
    minImages: 1,
    imageFolder: () => 'images',
  },
  replicate: {
    name: 'replicate',
    description: "zip for Replicate's ostris/flux-dev-lora-trainer",
    container: 'zip',
    minImages: 10,
    imageFolder: () => 'images',
  },
  jsonl: {
    name: 'jsonl',
    description: 'metadata.jsonl for musubi-tuner and diffusers',
    container: 'folder',
    minImages: 1,
    imageFolder: () => 'images',
  },
};

export function parseExportFormat(raw: string): ExportFormat {
  const format = EXPORT_FORMATS[raw as ExportFormatName] as ExportFormat | undefined;
  if (format === undefined || !Object.hasOwn(EXPORT_FORMATS, raw)) {
    throw invalidInput(
      `Export format ${JSON.stringify(raw)} is unknown: use one of ${EXPORT_FORMAT_NAMES.join(', ')}.`,
    );
  }
  return format;
}
