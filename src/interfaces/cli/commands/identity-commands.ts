import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { textTable } from '../views/text-table.js';
import { withApp } from './with-app.js';

/** `actors add-reference` and `actors review`: the actor's reference faces and what the identity gate set aside. */
export function registerIdentityCommands(actors: Command, context: CliContext): void {
  const { io } = context;
  actors
    .command('add-reference <id>')
    .description("Add a photo of the actor's face as a reference for the identity check")
    .requiredOption('--image <file>', 'a JPEG, PNG or WebP showing the character alone, face visible')
    .action(async (id: string, options: { image: string }) => {
      await withApp(context, async (app) => {
        const reference = await app.troupe.addReferenceFromFile(id, options.image);
        const count = (await app.troupe.deps.faceReferences.listByActor(reference.actorId)).length;
        io.stdout.write(
          `Added reference face from ${options.image} (face ${Math.round(reference.box.width)} px wide); ${reference.actorId} now has ${count} reference ${count === 1 ? 'face' : 'faces'} and the identity check is on.\n`,
        );
      });
    });

  actors
    .command('review <id>')
    .description('List the outputs the identity gate set aside (another face); keep one anyway or discard it')
    .option('--keep <setAsideId>', 'add this set-aside image to the training set anyway')
    .option('--discard <setAsideId>', 'delete this set-aside image for good')
    .action(async (id: string, options: { keep?: string; discard?: string }) => {
      await withApp(context, async (app) => {
        if (options.keep !== undefined) {
          const image = await app.troupe.keepOffModel(id, options.keep);
          io.stdout.write(`Kept anyway: ${options.keep} is now ${image.fileName} in the training set.\n`);
          return;
        }
        if (options.discard !== undefined) {
          await app.troupe.discardOffModel(id, options.discard);
          io.stdout.write(`Discarded ${options.discard}.\n`);
          return;
        }
        const items = await app.troupe.listOffModel(id);
        if (items.length === 0) {
          io.stdout.write('Nothing set aside: every output so far showed the actor (or the check was off).\n');
          return;
        }
        io.stdout.write(
          textTable(
            ['ID', 'TYPE', 'DISTANCE', 'FILE', 'JOB'],
            items.map((i) => [
              i.id,
              i.type,
              i.distance.toFixed(2),
              `${app.troupe.settings.manifestPathRoot}/${i.fileKey}`,
              i.jobId,
            ]),
          ),
        );
        io.stdout.write(`Keep one anyway: troupe actors review ${id} --keep <id>\n`);
      });
    });
}
