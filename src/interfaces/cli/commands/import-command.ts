import type { Command } from 'commander';
import { importTotals, type ImportReport } from '../../../app/import/import-report.js';
import type { CliContext } from '../cli-context.js';
import { textTable } from '../views/text-table.js';
import { withApp } from './with-app.js';

export function registerImport(program: Command, context: CliContext): void {
  program
    .command('import <path>')
    .description(
      'Import a seed-format data folder (the one holding actors/ and actor_manifests/); the folder is only read',
    )
    .action(async (folder: string) => {
      const source = await context.openImportSource(folder);
      await withApp(context, async (app) => {
        const report = await app.troupe.importSeedFolder(source);
        context.io.stdout.write(formatImportReport(report, app.troupe.settings.dataDirLabel));
      });
    });
}

/** A table per actor, every skipped file and oddity on its own line, then one summary line. */
export function formatImportReport(report: ImportReport, dataRoot: string): string {
  const rows = report.actors.map((a) => [
    a.folder,
    a.status,
    String(a.imported.length),
    String(a.alreadyPresent),
    String(a.skipped.length),
    String(a.oddities.length),
  ]);
  const header = ['ACTOR', 'STATUS', 'IMPORTED', 'ALREADY', 'SKIPPED', 'ODDITIES'];
  const parts = [
    `Imported from ${report.source}\n`,
    rows.length === 0 ? 'No actor folders under actors/.\n' : textTable(header, rows),
  ];
  const lines = [
    ...report.actors.flatMap((a) => [
      ...a.skipped.map((s) => `${a.folder}: skipped ${s.file}: ${s.reason}`),
      ...a.oddities.map((o) => `${a.folder}: ${o}`),
    ]),
    ...report.oddities.map((o) => `folder: ${o}`),
  ];
  if (lines.length > 0) parts.push(`\n${lines.join('\n')}\n`);
  const totals = importTotals(report);
  const actors = report.actors.filter((a) => a.status !== 'skipped').length;
  parts.push(
    `\nImported ${totals.imported} image${totals.imported === 1 ? '' : 's'} for ${actors} actor${actors === 1 ? '' : 's'} ` +
      `(${totals.alreadyPresent} already present, ${totals.skipped} skipped, ${totals.oddities} oddities); ` +
      `manifests in ${dataRoot}/actor_manifests/. The source folder was not changed.\n`,
  );
  return parts.join('');
}
