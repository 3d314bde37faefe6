import type { Command } from 'commander';
import { providerOptionsFor } from '../../../app/generation/provider-options.js';
import { invalidInput } from '../../../domain/errors/troupe-error.js';
import type { CliContext } from '../cli-context.js';
import { withApp } from './with-app.js';

export function registerPrompts(program: Command, context: CliContext): void {
  const prompts = program.command('prompts').description("Manage an actor's prompts");
  prompts
    .command('reset')
    .description('Give back the prompts retired for an actor (the content filter refused them again and again)')
    .requiredOption('--actor-id <id>', 'the actor')
    .option('--provider <name>', 'only on this provider (sim, replicate); every provider by default')
    .option('--scenario <name>', 'with --provider sim: only this scenario')
    .action(async (options: { actorId: string; provider?: string; scenario?: string }) => {
      if (options.scenario !== undefined && options.provider === undefined)
        throw invalidInput('--scenario needs --provider sim.');
      await withApp(context, async (app) => {
        const { troupe } = app;
        const provider =
          options.provider === undefined
            ? undefined
            : {
                name: options.provider,
                options: providerOptionsFor(options.provider, options.scenario, troupe.defaults.providerOptions),
              };
        const reset = await troupe.resetPrompts({ actorId: options.actorId, provider });
        const where = reset.subject === '*' ? 'on every provider' : `on ${reset.subject}`;
        context.io.stdout.write(
          reset.givenBack.length === 0
            ? `No prompts were retired for ${reset.actorId}; refusals so far no longer count ${where}.\n`
            : `Gave back ${reset.givenBack.length} retired ${reset.givenBack.length === 1 ? 'prompt' : 'prompts'} for ${reset.actorId} ${where}: ${reset.givenBack.map((p) => `${p.promptId} (${p.subject})`).join(', ')}\n`,
        );
      });
    });
}
