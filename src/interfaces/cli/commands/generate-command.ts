import path from 'node:path';
import type { Command } from 'commander';
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
  provider?: string;
  scenario?: string;
  prompts?: string;
}

export function registerGenerate(program: Command, context: CliContext, setExit: (code: number) => void): void {
  program
    .command('generate')
    .description('Generate training images for an actor, retrying failed attempts, with live progress')
    .requiredOption('--actor-id <id>', 'the actor to generate for')
    .option('--count <n>', 'how many images to keep (split over the types 15/11/9 unless --types says otherwise)')
    .option('--types <spec>', 'per-type counts (photorealistic=5,bw_stylized=3) or type names to split --count over')
    .option('--max-attempts <m>', 'attempt cap (default min(2*count+3, 25))')
    .option('--cost-cap <usd>', 'stop before spending more than this many dollars')
    .option('--concurrency <c>', 'attempts in flight at once')
    .option('--provider <name>', 'image provider (sim)')
    .option('--scenario <name>', 'sim success scenario: perfect, high (85%), medium (65%), low (35%), broken')
    .option('--prompts <file>', 'a prompts JSON file to use instead of the built-in library')
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
  const job = await app.troupe.createJob({
    actorId: options.actorId,
    count: options.count,
    types: options.types,
    maxAttempts: options.maxAttempts,
    costCapUsd: options.costCap,
    concurrency: options.concurrency ?? defaults.concurrency,
    provider,
    providerOptions: providerOptionsFor(provider, options.scenario, defaults.providerOptions),
    promptsPath: options.prompts === undefined ? defaults.promptsPath : path.resolve(options.prompts),
  });
  printPlan(context.io, job);
  return runWithProgress(context.io, app, job);
}
