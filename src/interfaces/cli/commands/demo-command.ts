import type { Command } from 'commander';
import { DEMO_ACTOR_ID, ensureDemoActor } from '../../../app/actors/demo-actor.js';
import { MAX_IMAGES_PER_JOB } from '../../../domain/generation/type-targets.js';
import { requireWholeNumber } from '../../../domain/input/whole-number.js';
import type { CliContext } from '../cli-context.js';
import { withApp } from './with-app.js';
import { printPlan, runWithProgress } from './watch-job.js';

export function registerDemo(program: Command, context: CliContext, setExit: (code: number) => void): void {
  program
    .command('demo')
    .description('Create a demo actor from a bundled synthetic portrait and generate a small set on the sim provider')
    .option('--count <n>', 'images to generate', '8')
    .option('--scenario <name>', 'sim success scenario (medium shows retries at work)', 'medium')
    .action(async (options: { count: string; scenario: string }) => {
      const { io } = context;
      const count = requireWholeNumber(options.count, 'Count', 1, MAX_IMAGES_PER_JOB);
      setExit(
        await withApp(context, async (app) => {
          app.troupe.deps.providers.validate('sim', { scenario: options.scenario });
          const { isNew } = await ensureDemoActor(app.troupe, context.demoBaseImagePath);
          if (isNew)
            io.stdout.write(
              `Created demo actor ${DEMO_ACTOR_ID} from a synthetic portrait drawn for Troupe (no real person).\n`,
            );
          const job = await app.troupe.createJob({
            actorId: DEMO_ACTOR_ID,
            count,
            provider: 'sim',
            providerOptions: { scenario: options.scenario },
          });
          printPlan(io, job);
          const code = await runWithProgress(io, app, job);
          io.stdout.write(
            `\nLook at the images in ${app.troupe.settings.dataDirLabel}/actors/${DEMO_ACTOR_ID}/training_data/, or run: troupe jobs show ${job.id}\n`,
          );
          return code;
        }),
      );
    });
}
