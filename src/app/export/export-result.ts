import type { ExportSettings } from './export-request.js';
import type { ImageRecord } from '../../domain/images/image-record.js';
import type { ImageType } from '../../domain/prompts/image-type.js';

export interface ExportResult {
  /** The absolute path of what was written: a folder or a zip file. */
  readonly target: string;
  readonly settings: ExportSettings;
  readonly trigger: string;
  readonly imageCount: number;
  readonly byType: Readonly<Record<ImageType | 'unknown', number>>;
  readonly resizedCount: number;
  readonly leftOut: readonly { readonly fileName: string; readonly reason: string }[];
}

export interface WrittenImage {
  readonly image: ImageRecord;
  readonly fileName: string;
  readonly caption: string;
  readonly isChanged: boolean;
}
