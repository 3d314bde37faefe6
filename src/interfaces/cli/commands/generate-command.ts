import path from 'node:path';
import type { Command } from 'commander';
import { describeProviders } from '../../../domain/generation/provider-names.js';
import type { CliContext } from '../cli-context.js';
import { providerOptionsFor } from '../../../app/generation/provider-options.js';
import { withApp } from './with-app.js';
import { printPlan, runWithProgress } from './watch-job.js';

export interface GenerateOptions {
  actorId: string;
  count?: string;
  types?: string;
  maxAttempts?: string;
  costCap?: string;
  concurrency?: string;
  mode?: string;
  earlyStop?: string;
  dryRun?: boolean;
  provider?: string;
  scenario?: string;
  prompts?: string;
  identity?: string;
  yes?: boolean;
}

export function registerGenerate(program: Command, context: CliContext, setExit: (code: number) => void): void {
  program
    .command('generate')
    .description('Generate training images for an actor, retrying failed attempts, with live progress')
    .requiredOption('--actor-id <id>', 'the actor to generate for')
    .option('--count <n>', 'how many images to keep (split over the types 15/11/9 unless --types says otherwise)')
    .option('--types <spec>', 'per-type counts (photorealistic=5,bw_stylized=3) or type names to split --count over')
    .option('--max-attempts <m>', 'attempt cap (default: enough for 99% odds of reaching the count)')
    .option('--cost-cap <usd>', 'stop before spending more than this many dollars')
    .option('--concurrency <c>', 'attempts in flight at once, at most')
    .option(
      '--mode <mode>',
      'fast (default: spare attempts when waiting costs more), thrifty (never more in flight than images missing), or seed (one at a time, max attempts min(2*count+3, 25))',
    )
    .option('--early-stop <p>', 'stop once the odds of reaching the count fall below this (default 1%; 0: never)')
    .option('--dry-run', 'show the plan and its odds, start nothing')
    .option('--provider <name>', `image provider: ${describeProviders()}; default sim, or TROUPE_PROVIDER`)
    .option(
      '--scenario <name>',
      'sim success scenario: perfect, high (85%), medium (65%), low (35%), broken, drift (high, some outputs show someone else)',
    )
    .option(
      '--identity <on|off>',
      "check each output's face against the actor's (default: on when the base image has a face); off-model outputs are failed attempts",
    )
    .option('--prompts <file>', 'a prompts JSON file to use instead of the built-in library')
    .option('--yes', 'start even when the odds are below the early-stop threshold before the first attempt')
    .action(async (options: GenerateOptions) => {
      setExit(await withApp(context, (app) => generate(context, app, options)));
    });
}

async function generate(
  context: CliContext,
  app: Parameters<Parameters<typeof withApp>[1]>[0],
  options: GenerateOptions,
): Promise<number> {
  const defaults = app.troupe.defaults;
  const provider = options.provider ?? defaults.provider;
  const input = {
    actorId: options.actorId,
    count: options.count,
    types: options.types,
    maxAttempts: options.maxAttempts,
    costCapUsd: options.costCap,
    concurrency: options.concurrency,
    mode: options.mode,
    earlyStopBelow: options.earlyStop,
    provider,
    providerOptions: providerOptionsFor(provider, options.scenario, defaults.providerOptions),
    promptsPath: options.prompts === undefined ? defaults.promptsPath : path.resolve(options.prompts),
    identity: options.identity,
    confirmLowOdds: options.yes === true,
  };
  if (options.dryRun) {
    const preview = await app.troupe.previewJob(input);
    printPlan(context.io, preview.job, { preview, isDryRun: true });
    context.io.stdout.write('Dry run: nothing was started.\n');
    return 0;
  }
  const preview = await app.troupe.previewJob(input);
  const job = await app.troupe.createJob(input);
  printPlan(context.io, job, { preview });
  return runWithProgress(context.io, app, job);
}
