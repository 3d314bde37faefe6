import type { Command } from 'commander';
import type { ActorAudit, RepairedActor } from '../../../app/audit/audit-actor.js';
import type { HealthReport } from '../../../app/ports.js';
import { describeProblem } from '../../../domain/audit/describe-finding.js';
import type { CliContext, CliIo } from '../cli-context.js';
import { textTable } from '../views/text-table.js';
import { withApp } from './with-app.js';
import { countOf } from '../../../domain/text/count-noun.js';

/** `troupe audit`, `troupe sync` and `troupe doctor`: is the data where it should be, and can it get there? */
export function registerStorageCommands(program: Command, context: CliContext, setExit: (code: number) => void): void {
  const { io } = context;
  program
    .command('audit')
    .description('Compare the database, the manifest, the files on disk and the S3 mirror; --repair fixes what it can')
    .option('--actor-id <id>', 'audit one actor (default: all)')
    .option('--repair', 're-upload, re-download and rewrite manifests from sound copies (never deletes)')
    .action(async (options: { actorId?: string; repair?: boolean }) => {
      await withApp(context, async (app) => {
        const ids =
          options.actorId === undefined ? (await app.troupe.listActors()).map((a) => a.id) : [options.actorId];
        let isHealthy = true;
        for (const id of ids) {
          if (options.repair) {
            const repaired = await app.troupe.repairActor(id);
            printRepair(io, repaired);
            isHealthy &&= repaired.after.report.isHealthy;
          } else {
            const audit = await app.troupe.auditActor(id);
            printAudit(io, audit, 'Audit');
            isHealthy &&= audit.report.isHealthy;
          }
        }
        if (ids.length === 0) io.stdout.write('No actors to audit.\n');
        setExit(isHealthy ? 0 : 1);
      });
    });

  program
    .command('sync')
    .description('Upload to the S3 mirror every image not yet there (after S3 was down)')
    .option('--actor-id <id>', 'sync one actor (default: all)')
    .action(async (options: { actorId?: string }) => {
      await withApp(context, async (app) => {
        const result = await app.troupe.syncMirror(options.actorId);
        io.stdout.write(`Uploaded ${countOf(result.uploaded, 'image')}; ${result.pending} still pending.\n`);
        if (result.reason !== undefined) io.stdout.write(`Last failure: ${result.reason}\n`);
        setExit(result.pending === 0 ? 0 : 1);
      });
    });

  program
    .command('doctor')
    .description('Check the data directory, the database, the provider settings and the S3 mirror')
    .action(async () => {
      await withApp(context, async (app) => {
        const report = await app.troupe.doctor();
        printHealth(io, report);
        setExit(report.ok ? 0 : 1);
      });
    });
}

function printAudit(io: CliIo, { report, plan }: ActorAudit, title: string): void {
  const { counts } = report;
  const sources = [
    `${counts.rows} in the database`,
    counts.manifestEntries === null ? 'manifest unreadable' : `${counts.manifestEntries} in the manifest`,
    `${counts.diskFiles} on disk`,
    counts.s3Objects === null ? 'no S3 mirror' : `${counts.s3Objects} in S3`,
  ];
  const verdict = report.isHealthy ? 'healthy' : `${report.findings.length} problem(s)`;
  io.stdout.write(`${title} of ${report.actorId}: ${verdict} (${sources.join(', ')})\n`);
  if (report.findings.length === 0) return;
  const fixes = new Map<unknown, string>();
  for (const action of plan.actions) for (const finding of action.fixes) fixes.set(finding, `repair: ${action.kind}`);
  for (const { finding, reason } of plan.unrepairable) fixes.set(finding, `left: ${reason}`);
  io.stdout.write(
    textTable(
      ['FILE', 'PROBLEM', 'WHAT --repair DOES'],
      report.findings.map((f) => [f.fileName, describeProblem(f), fixes.get(f) ?? '']),
    ) + '\n',
  );
}

function printRepair(io: CliIo, repaired: RepairedActor): void {
  printAudit(io, repaired.before, 'Before repair');
  for (const action of repaired.applied) io.stdout.write(`✓ ${action.kind} ${action.fileName}\n`);
  for (const { action, reason } of repaired.failed) io.stdout.write(`✗ ${action.kind} ${action.fileName}: ${reason}\n`);
  printAudit(io, repaired.after, 'After repair');
}

function printHealth(io: CliIo, report: HealthReport): void {
  io.stdout.write(
    textTable(
      ['CHECK', 'RESULT', 'DETAIL'],
      report.checks.map((c) => [c.name, c.ok ? 'ok' : 'FAILED', c.detail]),
    ) + '\n',
  );
  io.stdout.write(report.ok ? 'All checks passed.\n' : 'Some checks failed: see DETAIL for what to fix.\n');
}
