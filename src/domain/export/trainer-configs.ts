/** The settings every trainer config is written from. Paths are as the trainer will see them. */
export interface TrainerSettings {
  /** The folder of image + caption pairs: absolute for a folder export, relative for a zip. */
  readonly imageDir: string;
  readonly trigger: string;
  readonly captionClass: string;
  readonly repeats: number;
  readonly maxSidePx: number;
}

/**
 * sd-scripts' `--dataset_config`. With a config file kohya ignores the folder name's repeats and class, so the
 * subset states them (`num_repeats`, `class_tokens`); `keep_tokens = 1` keeps the trigger tag first when captions
 * are shuffled.
 */
export function kohyaDatasetToml(s: TrainerSettings): string {
  return [
    '# sd-scripts dataset config: pass it with --dataset_config dataset.toml',
    '[general]',
    'caption_extension = ".txt"',
    'keep_tokens = 1',
    'shuffle_caption = false',
    'enable_bucket = true',
    '',
    '[[datasets]]',
    `resolution = ${s.maxSidePx}`,
    'batch_size = 1',
    'enable_bucket = true',
    `max_bucket_reso = ${s.maxSidePx}`,
    '',
    '  [[datasets.subsets]]',
    `  image_dir = ${tomlString(s.imageDir)}`,
    `  class_tokens = ${tomlString(`${s.trigger} ${s.captionClass}`)}`,
    `  num_repeats = ${s.repeats}`,
    '  keep_tokens = 1',
    '  caption_extension = ".txt"',
    '',
  ].join('\n');
}

/** ai-toolkit's job config, reduced to what the dataset needs; paste its `process` entry into a full config. */
export function aiToolkitYaml(s: TrainerSettings, captionDropoutRate = 0.05): string {
  return [
    '# ai-toolkit dataset block: merge config.process[0] into your job config (e.g. train_lora_flux_24gb.yaml)',
    'config:',
    '  process:',
    `    - trigger_word: ${yamlString(s.trigger)}`,
    '      datasets:',
    `        - folder_path: ${yamlString(s.imageDir)}`,
    '          caption_ext: txt',
    `          caption_dropout_rate: ${captionDropoutRate}`,
    '          shuffle_tokens: false',
    '          cache_latents_to_disk: true',
    '          resolution: [512, 768, 1024]',
    '',
  ].join('\n');
}

/** One line per image for musubi-tuner (`image_path`, `caption`) and diffusers' ImageFolder (`file_name`). */
export function jsonlMetadata(
  entries: readonly { readonly imagePath: string; readonly fileName: string; readonly caption: string }[],
): string {
  return entries
    .map((e) => JSON.stringify({ file_name: e.fileName, image_path: e.imagePath, caption: e.caption }))
    .join('\n')
    .concat('\n');
}

function tomlString(value: string): string {
  return JSON.stringify(value);
}

function yamlString(value: string): string {
  return JSON.stringify(value);
}
