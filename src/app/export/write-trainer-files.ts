import type { ExportStaging } from '../ports.js';
import type { ExportResult, WrittenImage } from './export-result.js';
import type { Actor } from '../../domain/actors/actor.js';
import { exportReadme } from '../../domain/export/export-readme.js';
import {
  aiToolkitYaml,
  jsonlMetadata,
  kohyaDatasetToml,
  type TrainerSettings,
} from '../../domain/export/trainer-configs.js';

export interface TrainerFilesInput extends Omit<ExportResult, 'target'> {
  readonly actor: Actor;
  /** The folder of the pairs, relative to the export's root. */
  readonly folder: string;
  readonly files: readonly WrittenImage[];
  readonly exportedAt: string;
}

const encode = (text: string) => new TextEncoder().encode(text);

/**
 * The format's own files (dataset.toml, ai-toolkit.yaml, metadata.jsonl) and the README. Paths inside configs are
 * absolute for a folder on disk (trainers resolve them from where they run) and relative inside a zip.
 */
export async function writeTrainerFiles(staging: ExportStaging, input: TrainerFilesInput): Promise<string> {
  const { settings } = input;
  const root = settings.container === 'folder' ? `${staging.targetPath}/` : '';
  const trainer: TrainerSettings = {
    imageDir: `${root}${input.folder}`,
    trigger: input.trigger,
    captionClass: input.actor.descriptor,
    repeats: settings.repeats,
    maxSidePx: settings.maxSidePx,
  };
  if (settings.format.name === 'kohya') await staging.write('dataset.toml', encode(kohyaDatasetToml(trainer)));
  if (settings.format.name === 'ai-toolkit') await staging.write('ai-toolkit.yaml', encode(aiToolkitYaml(trainer)));
  if (settings.format.name === 'jsonl') {
    const entries = input.files.map((f) => ({
      fileName: f.fileName,
      imagePath: `${trainer.imageDir}/${f.fileName}`,
      caption: f.caption,
    }));
    await staging.write(`${input.folder}/metadata.jsonl`, encode(jsonlMetadata(entries)));
  }
  const readme = exportReadme({
    actorId: input.actor.id,
    format: settings.format,
    trigger: input.trigger,
    captionClass: input.actor.descriptor,
    repeats: settings.repeats,
    maxSidePx: settings.maxSidePx,
    isSquare: settings.isSquare,
    isIncludingFlagged: settings.isIncludingFlagged,
    imageFolder: input.folder,
    byType: input.byType,
    imageCount: input.imageCount,
    resizedCount: input.resizedCount,
    leftOut: input.leftOut,
    exportedAt: input.exportedAt,
  });
  await staging.write('README.md', encode(readme));
  return staging.targetPath;
}
