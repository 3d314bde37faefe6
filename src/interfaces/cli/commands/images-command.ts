import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { textTable } from '../views/text-table.js';
import { registerImageDelete } from './image-delete-command.js';
import { withApp } from './with-app.js';

export function registerImages(program: Command, context: CliContext, setExit: (code: number) => void): void {
  const { io } = context;
  const images = program
    .command('images')
    .description("List an actor's images with their captions; pin the ones to keep; delete one");
  registerImageDelete(images, context, setExit);

  images
    .command('list')
    .description('Images with pin state and caption')
    .requiredOption('--actor-id <id>', 'the actor')
    .action(async (options: { actorId: string }) => {
      await withApp(context, async (app) => {
        const actor = await app.troupe.getActorOrThrow(options.actorId);
        const [list, pinned, captions] = await Promise.all([
          app.troupe.listImages(actor.id),
          app.troupe.listPinned(actor.id),
          app.troupe.captionImages(actor.id),
        ]);
        const rows = list.map((image) => [
          image.id,
          image.fileName,
          image.type ?? 'unknown',
          pinned.has(image.id) ? 'pinned' : '',
          captions.get(image.id)?.body ?? '',
        ]);
        io.stdout.write(textTable(['ID', 'FILE', 'TYPE', 'PIN', 'CAPTION (after the trigger and class)'], rows));
      });
    });

  for (const [name, isPinned] of [
    ['pin', true],
    ['unpin', false],
  ] as const) {
    images
      .command(`${name} <images...>`)
      .description(
        isPinned
          ? 'Pin images (ids or file names): the balancer never deletes them'
          : 'Unpin images (ids or file names)',
      )
      .requiredOption('--actor-id <id>', 'the actor')
      .action(async (ids: string[], options: { actorId: string }) => {
        await withApp(context, async (app) => {
          const pinned = await app.troupe.setImagesPinned(options.actorId, ids, isPinned);
          io.stdout.write(
            `${isPinned ? 'Pinned' : 'Unpinned'} ${ids.length} image${ids.length === 1 ? '' : 's'}; ${pinned.size} pinned in all.\n`,
          );
        });
      });
  }
}
