import type { Command } from 'commander';
import { isFinalJobStatus, JOB_STATUSES, type JobStatus } from '../../../domain/generation/job.js';
import { outcomeLabel } from '../../../domain/generation/job-outcome.js';
import { formatPermille } from '../../../domain/generation/success-rate.js';
import { formatTargets } from '../../../domain/generation/type-targets.js';
import { invalidInput, TroupeError } from '../../../domain/errors/troupe-error.js';
import { parseActorId } from '../../../domain/actors/actor-id.js';
import { formatUsd } from '../../../domain/money/micro-usd.js';
import { attemptJson, jobJson } from '../../http/json.js';
import type { CliContext } from '../cli-context.js';
import { formatLocalTime } from '../views/local-time.js';
import { textTable } from '../views/text-table.js';
import { forecastVersusOutcome, oddsLines } from '../views/odds-view.js';
import { withApp } from './with-app.js';
import { ledgerLines, spendLine } from '../views/spend-view.js';
import { paidLedger } from '../../../domain/generation/paid-ledger.js';
import { printPlan, runWithProgress } from './watch-job.js';

export function registerJobs(program: Command, context: CliContext, setExit: (code: number) => void): void {
  const { io } = context;
  const jobs = program.command('jobs').description('List, inspect, resume and cancel generation jobs');

  jobs
    .command('list')
    .description('List jobs, newest last')
    .option('--actor-id <id>', "only this actor's jobs")
    .option('--status <status>', `only jobs in this status (${JOB_STATUSES.join(', ')})`)
    .option('--json', 'print the jobs as JSON (the rows GET /api/jobs returns)')
    .action(async (options: { actorId?: string; status?: string; json?: boolean }) => {
      const status = options.status;
      if (status !== undefined && !(JOB_STATUSES as readonly string[]).includes(status)) {
        throw invalidInput(`Unknown status "${status}": use one of ${JOB_STATUSES.join(', ')}.`);
      }
      const actorId = options.actorId === undefined ? undefined : parseActorId(options.actorId);
      await withApp(context, async (app) => {
        // An unknown actor is a mistake to name, not an empty list.
        if (actorId !== undefined) await app.troupe.getActorOrThrow(actorId);
        const list = await app.troupe.listJobs({ actorId, status: status as JobStatus | undefined });
        if (options.json) return void io.stdout.write(`${JSON.stringify({ jobs: list.map(jobJson) }, null, 2)}\n`);
        if (list.length === 0)
          return void io.stdout.write('No jobs yet. Start one with: troupe generate --actor-id <id> --count 10\n');
        io.stdout.write(
          textTable(
            ['JOB', 'ACTOR', 'STATUS', 'IMAGES', 'ATTEMPTS', 'SUCCESS', 'SPENT', 'CREATED'],
            list.map((j) => [
              j.id,
              j.actorId,
              outcomeLabel(j),
              `${j.completedImages}/${j.requestedImages}`,
              `${j.currentAttempt}/${j.maxAttempts}`,
              formatPermille(j.successRatePermille),
              formatUsd(j.spendMicroUsd),
              formatLocalTime(j.createdAt),
            ]),
          ),
        );
      });
    });

  jobs
    .command('show <id>')
    .description('Show a job and its attempts')
    .option('--json', 'print the job and its attempts as JSON (what GET /api/jobs/{id} returns)')
    .action(async (id: string, options: { json?: boolean }) => {
      await withApp(context, async (app) => {
        const job = await app.troupe.getJobOrThrow(id);
        const attempts = await app.troupe.listAttempts(job.id);
        if (options.json) {
          const shown = { job: jobJson(job), attempts: attempts.map(attemptJson) };
          return void io.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
        }
        io.stdout.write(`Job ${job.id} for ${job.actorId}: ${outcomeLabel(job)}\n`);
        io.stdout.write(
          `Requested ${job.requestedImages} (${formatTargets(job.typeTargets)}), kept ${job.completedImages}, attempts ${job.currentAttempt}/${job.maxAttempts}, success rate ${formatPermille(job.successRatePermille)}, spent ${spendLine(job)}\n`,
        );
        if (job.finishReason) io.stdout.write(`${job.finishReason}\n`);
        io.stdout.write(`${ledgerLines(paidLedger(attempts)).join('\n')}\n`);
        io.stdout.write(`Mode ${job.mode}, ${job.concurrency} at a time\n`);
        if (job.forecast !== null) {
          const versus = isFinalJobStatus(job.status) ? forecastVersusOutcome(job) : undefined;
          io.stdout.write(
            `${(versus === undefined ? oddsLines(job.forecast, job.requestedImages) : [versus]).join('\n')}\n`,
          );
        }
        io.stdout.write(
          '\n' +
            textTable(
              ['#', 'STATUS', 'TYPE', 'PROMPT', 'SEED', 'CLASS', 'CODE', 'MESSAGE'],
              attempts.map((a) => [
                String(a.number),
                a.status,
                a.type,
                a.promptId,
                String(a.seed),
                a.failureClass ?? '',
                a.failureCode ?? '',
                // The last column, whole: a cut message hides the part that says what to do.
                a.message ?? '',
              ]),
            ),
        );
      });
    });

  jobs
    .command('resume <id>')
    .description('Continue a job whose process stopped (crash, Ctrl-C twice, reboot)')
    .action(async (id: string) => {
      setExit(
        await withApp(context, async (app) => {
          const job = await app.troupe.getJobOrThrow(id);
          if (isFinalJobStatus(job.status)) {
            throw new TroupeError(
              'JOB_STATE',
              `Job ${job.id} already ended (${job.status}): start a new one with troupe generate.`,
            );
          }
          printPlan(io, job);
          return runWithProgress(io, app, job);
        }),
      );
    });

  jobs
    .command('cancel <id>')
    .description('Cancel a job; a running one stops launching and cancels what is in flight')
    .action(async (id: string) => {
      await withApp(context, async (app) => {
        const job = await app.troupe.cancelJob(id);
        io.stdout.write(
          job.status === 'canceled'
            ? `Job ${job.id} canceled.\n`
            : `Cancel requested for job ${job.id}; it stops within a few seconds.\n`,
        );
      });
    });
}
