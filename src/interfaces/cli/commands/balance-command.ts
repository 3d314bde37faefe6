import type { Command } from 'commander';
import { describeProviders } from '../../../domain/generation/provider-names.js';
import type { PlannedBalance } from '../../../app/balance/plan-balance.js';
import { balancePlanView } from '../../../app/balance/balance-plan-view.js';
import { describeDefect } from '../../../domain/balance/balance-plan.js';
import { invalidInput } from '../../../domain/errors/troupe-error.js';
import { formatTargets, sumTargets } from '../../../domain/generation/type-targets.js';
import { formatUsd, usdToMicro } from '../../../domain/money/micro-usd.js';
import { topUpCost } from '../../../domain/balance/top-up-cost.js';
import { IMAGE_TYPES } from '../../../domain/prompts/image-type.js';
import type { BalanceStep } from '../../../domain/balance/balance-run.js';
import { typeOf } from '../../../domain/balance/image-defects.js';
import { describeScore } from '../../../domain/balance/quality-score.js';
import type { CliContext, CliIo, OpenedApp } from '../cli-context.js';
import { textTable } from '../views/text-table.js';
import { providerOptionsFor } from '../../../app/generation/provider-options.js';
import { runWithProgress } from './watch-job.js';
import { withApp } from './with-app.js';
import { countOf } from '../../../domain/text/count-noun.js';

interface BalanceOptions {
  actorId: string;
  dryRun?: boolean;
  execute?: boolean;
  target?: string;
  maxDelete?: string;
  delete: boolean;
  json?: boolean;
  provider?: string;
  scenario?: string;
  concurrency?: string;
  maxAttempts?: string;
  costCap?: string;
  yes?: boolean;
}

export function registerBalance(program: Command, context: CliContext, setExit: (code: number) => void): void {
  program
    .command('balance')
    .description("Evaluate an actor's set, plan deletions and top-ups, and (with --execute) carry them out")
    .requiredOption('--actor-id <id>', 'the actor to balance')
    .option('--dry-run', 'show the plan and its cost; change nothing (the default)')
    .option('--execute', 'delete and generate as planned')
    .option(
      '--target <spec>',
      'target mix (photorealistic=15,bw_stylized=8,color_stylized=7) or a total (40); default: the set size in 15/11/9',
    )
    .option('--max-delete <n>', 'delete at most this many images (worst problems first)')
    .option('--no-delete', 'only top up; delete nothing')
    .option('--json', 'print the plan as JSON')
    .option('--provider <name>', `image provider for the top-up: ${describeProviders()}`)
    .option('--scenario <name>', 'sim success scenario')
    .option('--concurrency <c>', 'attempts in flight at once')
    .option('--max-attempts <m>', 'attempt cap of the top-up job')
    .option('--cost-cap <usd>', 'cost cap of the top-up job')
    .option('--yes', 'start the top-up even when its odds are below the early-stop threshold')
    .action(async (options: BalanceOptions) => {
      if (options.dryRun && options.execute) throw invalidInput('Choose --dry-run or --execute, not both.');
      setExit(await withApp(context, (app) => balance(context.io, app, options)));
    });
}

async function balance(io: CliIo, app: OpenedApp, options: BalanceOptions): Promise<number> {
  const { troupe } = app;
  const planned = await troupe.planBalance({
    actorId: options.actorId,
    target: options.target,
    maxDelete: options.maxDelete,
    isDeleting: options.delete,
  });
  const provider = options.provider ?? troupe.defaults.provider;
  const generation = {
    provider,
    providerOptions: providerOptionsFor(provider, options.scenario, troupe.defaults.providerOptions),
    concurrency: options.concurrency,
    maxAttempts: options.maxAttempts,
    costCapUsd: options.costCap,
    confirmLowOdds: options.yes === true,
  };
  const successRate = await troupe.plannedSuccessRate(provider, generation.providerOptions);
  const { costMicroUsd } = topUpCost(planned.plan.generate, usdToMicro(troupe.defaults.priceUsd), successRate);
  const view = balancePlanView(planned, { priceMicroUsd: usdToMicro(troupe.defaults.priceUsd), successRate, provider });
  if (options.json) {
    io.stdout.write(`${JSON.stringify(view, null, 2)}\n`);
  } else {
    printPlan(io, planned, { costMicroUsd, successRate, provider });
  }
  if (!options.execute) {
    if (!options.json)
      io.stdout.write('\nDry run: nothing was changed. Run again with --execute to carry out this plan.\n');
    return 0;
  }
  io.stdout.write('\n');
  const executed = await troupe.executeBalance(planned, generation, (line) => io.stdout.write(`${line}\n`), view);
  io.stdout.write(`${stepSummary(executed.steps)} (recorded as balance run ${executed.runId})\n`);
  const hasFailed = executed.steps.some((step) => step.outcome === 'failed');
  if (!executed.job) return hasFailed ? 1 : 0;
  const stopLogging = logKeptFiles(io, app, executed.job.id);
  try {
    const code = await runWithProgress(io, app, executed.job);
    return hasFailed ? 1 : code;
  } finally {
    stopLogging();
  }
}

/**
 * The seed's `✓ Generated and uploaded: {file}` line for each image the top-up keeps, said only of an image that is in
 * S3: one kept while S3 is down is "upload pending" (`troupe sync` uploads it), one without a mirror is on disk only.
 */
function logKeptFiles(io: CliIo, app: OpenedApp, jobId: string): () => void {
  const isMirrored = app.troupe.mirroring.isEnabled;
  return app.troupe.deps.events.subscribe((event) => {
    if (event.type !== 'image.added' || event.image.jobId !== jobId) return;
    const { fileName, s3Url } = event.image;
    const line =
      s3Url !== null
        ? `✓ Generated and uploaded: ${fileName}`
        : isMirrored
          ? `✓ Generated, upload pending: ${fileName} (S3 is unavailable; troupe sync uploads it)`
          : `✓ Generated: ${fileName} (kept on disk; no S3 mirror is configured)`;
    io.stdout.write(`${line}\n`);
  });
}

/** Each image's face verdict, or why there is none. */
function printIdentity(io: CliIo, planned: PlannedBalance): void {
  const { identity } = planned;
  if (!identity.isChecking) {
    io.stdout.write(
      `\nIdentity: not checked, the actor has no reference face (troupe actors add-reference ${planned.actorId} --image <file>).\n`,
    );
    return;
  }
  io.stdout.write(`\nIdentity (${identity.analysedCount} images analysed now, the rest from the cache):\n`);
  io.stdout.write(
    textTable(
      ['FILE', 'VERDICT', 'DISTANCE'],
      identity.judged.map(({ image, verdict }) => [
        image.fileName,
        verdict.verdict === 'cannot_judge'
          ? `cannot judge: ${verdict.reason ?? ''}`
          : verdict.verdict.replace('_', ' '),
        verdict.distance === null ? '-' : verdict.distance.toFixed(2),
      ]),
    ),
  );
}

function printPlan(
  io: CliIo,
  planned: PlannedBalance,
  cost: { costMicroUsd: number; successRate: number; provider: string },
): void {
  const { plan } = planned;
  io.stdout.write(
    `Balance plan for ${planned.actorId} (${countOf(planned.measuredCount, 'image')} measured now, the rest from the cache)\n\n`,
  );
  const rows = [...IMAGE_TYPES, 'unknown' as const].map((type) => [
    type,
    String(plan.before[type]),
    String(plan.after[type]),
    type === 'unknown' ? '-' : String(plan.incoming[type]),
    type === 'unknown' ? '-' : (plan.target[type]?.toString() ?? 'as is'),
    type === 'unknown' ? '-' : String(plan.generate[type]),
  ]);
  io.stdout.write(textTable(['TYPE', 'NOW', 'AFTER DELETIONS', 'TO COME', 'TARGET', 'GENERATE'], rows));
  if (planned.runningJobIds.length > 0) {
    io.stdout.write(
      `\n${sumTargets(plan.incoming)} images still to come from running ${planned.runningJobIds.length === 1 ? 'job' : 'jobs'} ${planned.runningJobIds.join(', ')} are counted before generating.\n`,
    );
  }
  if (plan.typedFromPixels.size > 0) {
    io.stdout.write(
      `${plan.typedFromPixels.size} ${plan.typedFromPixels.size === 1 ? 'image has' : 'images have'} no type in the manifest: typed from their pixels.\n`,
    );
  }
  printIdentity(io, planned);
  if (plan.deletions.length > 0) {
    io.stdout.write(`\nDelete ${plan.deletions.length}:\n`);
    io.stdout.write(
      textTable(
        ['FILE', 'TYPE', 'SCORE', 'REASON'],
        plan.deletions.map((d) => [
          d.entry.image.fileName,
          d.entry.image.type ?? `${typeOf(d.entry)} (pixels)`,
          d.score === null ? '-' : String(d.score.total),
          d.reasons.map(describeDefect).join('; '),
        ]),
      ),
    );
  }
  const overQuota = plan.deletions.find((d) => d.score !== null && d.reasons.some((r) => r.kind === 'over_quota'));
  if (overQuota?.score)
    io.stdout.write(
      `Over quota, the lowest scores go (0-100, from ${overQuota.score.parts.map((p) => p.name).join(', ')}); e.g. ${overQuota.entry.image.fileName}: ${describeScore(overQuota.score)}.\n`,
    );
  if (plan.keptPinned.length > 0) {
    io.stdout.write(`\nKept because pinned: ${plan.keptPinned.map((d) => d.entry.image.fileName).join(', ')}\n`);
  }
  if (plan.keptDespiteDefects.length > 0) {
    io.stdout.write(
      `\nKept despite problems (--max-delete, --no-delete, or a type the target leaves as is): ${plan.keptDespiteDefects.map((d) => d.entry.image.fileName).join(', ')}\n`,
    );
  }
  const images = sumTargets(plan.generate);
  io.stdout.write(
    images === 0
      ? '\nGenerate: nothing.\n'
      : `\nGenerate ${images} (${formatTargets(plan.generate)}) on ${cost.provider}: estimated ${formatUsd(cost.costMicroUsd)} (${countOf(images, 'image')} x price x ${(1 / Math.max(cost.successRate, 0.01)).toFixed(2)} expected attempts each at ${Math.round(cost.successRate * 100)}% success).\n`,
  );
  if (plan.isBalanced) io.stdout.write('The set is balanced: nothing to do.\n');
}

/** `Deleted 3, failed 1, skipped 0; top-up queued.` */
function stepSummary(steps: readonly BalanceStep[]): string {
  const deletes = steps.filter((s) => s.kind === 'delete');
  const count = (outcome: string) => deletes.filter((s) => s.outcome === outcome).length;
  const generate = steps.find((s) => s.kind === 'generate');
  const topUp =
    generate === undefined
      ? ''
      : `; top-up ${generate.outcome === 'queued' ? 'queued' : `${generate.outcome} (${generate.reason})`}`;
  return `Deleted ${count('deleted')}, failed ${count('failed')}, skipped ${count('skipped')}${topUp}`;
}
