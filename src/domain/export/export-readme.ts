import { IMAGE_TYPES, type ImageType } from '../prompts/image-type.js';
import type { ExportFormat } from './export-format.js';

export interface ExportSummary {
  readonly actorId: string;
  readonly format: ExportFormat;
  readonly trigger: string;
  readonly captionClass: string;
  readonly repeats: number;
  readonly maxSidePx: number;
  readonly isSquare: boolean;
  readonly isIncludingFlagged: boolean;
  readonly imageFolder: string;
  readonly byType: Readonly<Record<ImageType | 'unknown', number>>;
  readonly imageCount: number;
  readonly resizedCount: number;
  /** Images left out, with why. */
  readonly leftOut: readonly { readonly fileName: string; readonly reason: string }[];
  readonly exportedAt: string;
}

/** The README every export carries: what is in it, how it was made, and how to hand it to the trainer. */
export function exportReadme(s: ExportSummary): string {
  const counts = [...IMAGE_TYPES, 'unknown' as const]
    .filter((type) => type !== 'unknown' || s.byType.unknown > 0)
    .map((type) => `| ${type} | ${s.byType[type]} |`);
  const lines = [
    `# ${s.actorId}: ${s.format.name} training set`,
    '',
    `Exported by Troupe on ${s.exportedAt} for ${s.format.description}.`,
    '',
    `- Trigger word: \`${s.trigger}\` (class \`${s.captionClass}\`); every caption starts with \`${s.trigger} ${s.captionClass}\`.`,
    `- Images: ${s.imageCount} in \`${s.imageFolder}/\`, each with a same-name \`.txt\` caption (one line).`,
    `- Settings: repeats ${s.repeats}, longest side at most ${s.maxSidePx} px (never upscaled; ${s.resizedCount} scaled down)` +
      `${s.isSquare ? ', centre-cropped square' : ''}, ${s.isIncludingFlagged ? 'flagged images included' : 'only sound images (no flagged defect)'}.`,
    '',
    '| type | images |',
    '|---|---|',
    ...counts,
    '',
    ...USE[s.format.name](s),
    '',
  ];
  if (s.leftOut.length > 0) {
    lines.push(`## Left out (${s.leftOut.length})`, '', ...s.leftOut.map((l) => `- ${l.fileName}: ${l.reason}`), '');
  }
  return lines.join('\n');
}

const USE: Readonly<Record<ExportFormat['name'], (s: ExportSummary) => string[]>> = {
  kohya: (s) => [
    '## Train',
    '',
    'sd-scripts: `accelerate launch flux_train_network.py --dataset_config dataset.toml ...` (or `train_network.py`).',
    `The subset sets \`class_tokens = "${s.trigger} ${s.captionClass}"\`, \`num_repeats = ${s.repeats}\` and \`keep_tokens = 1\`;`,
    'kohya_ss, fluxgym and OneTrainer can instead be pointed at the `img/` folder, whose name carries the same.',
  ],
  'ai-toolkit': () => [
    '## Train',
    '',
    'Merge `config.process[0]` of `ai-toolkit.yaml` into your ai-toolkit job config, then `python run.py your-config.yaml`.',
  ],
  replicate: (s) => [
    '## Train',
    '',
    'Upload this zip as `input_images` to `ostris/flux-dev-lora-trainer` with',
    `\`trigger_word = "${s.trigger}"\` and \`autocaption = false\` (the captions are in the zip already).`,
  ],
  jsonl: () => [
    '## Train',
    '',
    '`images/metadata.jsonl` has one line per image: `file_name` (diffusers ImageFolder, relative to `images/`),',
    '`image_path` (musubi-tuner `image_jsonl_file`) and `caption`.',
  ],
};
