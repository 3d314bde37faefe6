import type { Command } from 'commander';
import type { ExportResult } from '../../../app/export/export-result.js';
import { DEFAULT_MAX_SIDE_PX, DEFAULT_REPEATS } from '../../../app/export/export-request.js';
import { EXPORT_FORMAT_NAMES } from '../../../domain/export/export-format.js';
import { IMAGE_TYPES } from '../../../domain/prompts/image-type.js';
import type { CliContext } from '../cli-context.js';
import { withApp } from './with-app.js';

interface ExportOptions {
  actorId: string;
  format: string;
  trigger?: string;
  out: string;
  repeats: string;
  maxSide: string;
  square?: boolean;
  includeFlagged?: boolean;
  force?: boolean;
}

export function registerExport(program: Command, context: CliContext): void {
  program
    .command('export')
    .description("Write an actor's set with captions in a trainer's input format")
    .requiredOption('--actor-id <id>', 'the actor to export')
    .requiredOption('--format <format>', `one of ${EXPORT_FORMAT_NAMES.join(', ')}`)
    .requiredOption('--out <path>', 'the folder to create (the .zip file for --format replicate)')
    .option('--trigger <word>', "the trigger word captions start with (default: the actor's)")
    .option('--repeats <n>', 'kohya repeats per image', String(DEFAULT_REPEATS))
    .option('--max-side <px>', 'scale larger images down to this longest side (never up)', String(DEFAULT_MAX_SIDE_PX))
    .option('--square', 'centre-crop every image square')
    .option('--include-flagged', 'also export images the balancer flags (blurry, duplicate, ...)')
    .option('--force', 'replace an existing --out')
    .action(async (options: ExportOptions) => {
      await withApp(context, async (app) => {
        const result = await app.troupe.exportDataset({
          actorId: options.actorId,
          format: options.format,
          out: options.out,
          trigger: options.trigger,
          repeats: options.repeats,
          maxSidePx: options.maxSide,
          isSquare: options.square,
          isIncludingFlagged: options.includeFlagged,
          isReplacing: options.force,
        });
        context.io.stdout.write(formatExport(result));
      });
    });
}

export function formatExport(result: ExportResult): string {
  const counts = [...IMAGE_TYPES, 'unknown' as const]
    .filter((type) => type !== 'unknown' || result.byType.unknown > 0)
    .map((type) => `${type} ${result.byType[type]}`)
    .join(', ');
  const lines = [
    `Exported ${result.imageCount} images (${counts}) as ${result.settings.format.name} to ${result.target}`,
    `Trigger word: ${result.trigger}; ${result.resizedCount} scaled down to ${result.settings.maxSidePx} px; README.md inside says how to train.`,
  ];
  if (result.leftOut.length > 0) {
    lines.push(`Left out ${result.leftOut.length} flagged (--include-flagged to keep them):`);
    for (const l of result.leftOut) lines.push(`  ${l.fileName}: ${l.reason}`);
  }
  return `${lines.join('\n')}\n`;
}
