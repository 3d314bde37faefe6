import { parseTriggerWord } from '../../domain/captions/trigger-word.js';
import { invalidInput } from '../../domain/errors/troupe-error.js';
import { parseExportFormat, type ExportFormat } from '../../domain/export/export-format.js';
import { requireWholeNumber } from '../../domain/input/whole-number.js';

/** An export as the CLI, the API and the UI ask for it. Numbers may arrive as text (command-line flags). */
export interface ExportRequest {
  readonly actorId: string;
  readonly format: string;
  /** Where the export appears: a folder (a `.zip` file for `replicate`). */
  readonly out: string;
  /** Default: the actor's trigger word. */
  readonly trigger?: string;
  readonly repeats?: number | string;
  readonly maxSidePx?: number | string;
  readonly isSquare?: boolean;
  readonly isIncludingFlagged?: boolean;
  /** Replace an existing target (`--force`). */
  readonly isReplacing?: boolean;
  /** A folder format written as one zip instead (the UI's download). */
  readonly isZipped?: boolean;
}

export interface ExportSettings {
  readonly format: ExportFormat;
  readonly out: string;
  readonly trigger: string | undefined;
  readonly repeats: number;
  readonly maxSidePx: number;
  readonly isSquare: boolean;
  readonly isIncludingFlagged: boolean;
  readonly isReplacing: boolean;
  readonly container: 'folder' | 'zip';
}

export const DEFAULT_REPEATS = 10;
export const DEFAULT_MAX_SIDE_PX = 1024;

/** Checks every setting before anything is read or written. */
export function parseExportRequest(request: ExportRequest): ExportSettings {
  const format = parseExportFormat(request.format);
  if (request.out.trim().length === 0) throw invalidInput('--out is empty: name the folder (or .zip file) to create.');
  return {
    format,
    out: request.out,
    trigger: request.trigger === undefined ? undefined : parseTriggerWord(request.trigger),
    repeats: requireWholeNumber(request.repeats ?? DEFAULT_REPEATS, '--repeats', 1, 1000),
    maxSidePx: requireWholeNumber(request.maxSidePx ?? DEFAULT_MAX_SIDE_PX, '--max-side', 256, 8192),
    isSquare: request.isSquare === true,
    isIncludingFlagged: request.isIncludingFlagged === true,
    isReplacing: request.isReplacing === true,
    container: request.isZipped === true ? 'zip' : format.container,
  };
}
