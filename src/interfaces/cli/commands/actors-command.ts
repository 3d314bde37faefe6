import type { Command } from 'commander';
import { invalidInput } from '../../../domain/errors/troupe-error.js';
import { IMAGE_TYPES } from '../../../domain/prompts/image-type.js';
import { formatPermille } from '../../../domain/generation/success-rate.js';
import { triggerWordOf } from '../../../domain/captions/trigger-word.js';
import type { CliContext } from '../cli-context.js';
import { formatLocalTime } from '../views/local-time.js';
import { textTable } from '../views/text-table.js';
import { withApp } from './with-app.js';
import { registerIdentityCommands } from './identity-commands.js';

export function registerActors(program: Command, context: CliContext): void {
  const { io } = context;
  const actors = program.command('actors').description('Add, list, show and delete actors');

  actors
    .command('add <id>')
    .description('Add an actor from a base image')
    .requiredOption('--base-image <file>', "the actor's base image (JPEG, PNG or WebP)")
    .option('--descriptor <word>', 'how prompts name the actor: woman, man, character', 'character')
    .option('--name <name>', 'a display name (defaults to the id)')
    .option('--trigger <word>', 'the token captions start with (default: one made from the id)')
    .action(async (id: string, options: { baseImage: string; descriptor: string; name?: string; trigger?: string }) => {
      await withApp(context, async (app) => {
        const actor = await app.troupe.addActorFromFile({
          id,
          baseImagePath: options.baseImage,
          descriptor: options.descriptor,
          name: options.name,
          triggerWord: options.trigger,
        });
        io.stdout.write(
          `Added actor ${actor.id} (${actor.descriptor}); base image ${app.troupe.settings.dataDirLabel}/${actor.baseImagePath}\n`,
        );
        io.stdout.write(
          `Manifest: ${app.troupe.manifestPath(actor.id)}\nTrigger word: ${triggerWordOf(actor)} (captions start with it; change it with troupe actors set ${actor.id} --trigger)\nNext: troupe generate --actor-id ${actor.id} --count 10\n`,
        );
        io.stdout.write(
          actor.identity.notice === null
            ? "Identity check: on (the base image's face is the reference).\n"
            : `Warning: ${actor.identity.notice}\n`,
        );
      });
    });

  registerIdentityCommands(actors, context);

  actors
    .command('delete <id>')
    .description('Delete an actor with its images, files, S3 copies and manifest (asks first)')
    .option('--yes', 'delete without asking (needed when no terminal can ask)')
    .action(async (id: string, options: { yes?: boolean }) => {
      await withApp(context, async (app) => {
        const actor = await app.troupe.getActorOrThrow(id);
        if (!options.yes) {
          const images = await app.troupe.listImages(actor.id);
          const what = `actor ${actor.id} with its ${images.length} images, its base image and its manifest${app.troupe.mirroring.isEnabled ? ', and their S3 copies' : ''}`;
          if (io.confirm === undefined) {
            throw invalidInput(
              `This would delete ${what}, and there is no terminal to ask on. Nothing was deleted: run troupe actors delete ${actor.id} --yes to do it.`,
            );
          }
          if (!(await io.confirm(`Delete ${what}? [y/N] `))) return void io.stdout.write('Nothing was deleted.\n');
        }
        const { deletedImages } = await app.troupe.deleteActor(actor.id);
        io.stdout.write(`Deleted actor ${actor.id} and its ${deletedImages} images.\n`);
      });
    });

  actors
    .command('list')
    .description('List actors with their image counts')
    .action(async () => {
      await withApp(context, async (app) => {
        const list = await app.troupe.listActors();
        if (list.length === 0) {
          io.stdout.write(
            'No actors yet. Add one with: troupe actors add <id> --base-image <file> (or try troupe demo)\n',
          );
          return;
        }
        const rows = await Promise.all(
          list.map(async (actor) => {
            const images = await app.troupe.listImages(actor.id);
            const byType = IMAGE_TYPES.map((type) => String(images.filter((i) => i.type === type).length));
            return [actor.id, actor.descriptor, String(images.length), ...byType];
          }),
        );
        io.stdout.write(textTable(['ID', 'DESCRIPTOR', 'IMAGES', ...IMAGE_TYPES.map((t) => t.toUpperCase())], rows));
      });
    });

  actors
    .command('show <id>')
    .description('Show an actor, its images by type and its jobs')
    .action(async (id: string) => {
      await withApp(context, async (app) => {
        const actor = await app.troupe.getActorOrThrow(id);
        const images = await app.troupe.listImages(actor.id);
        const jobs = await app.troupe.listJobs({ actorId: actor.id });
        io.stdout.write(
          `Actor ${actor.id}: ${actor.name} (${actor.descriptor}), added ${formatLocalTime(actor.createdAt)}\n`,
        );
        io.stdout.write(
          `Trigger word: ${triggerWordOf(actor)}${actor.triggerWord === undefined ? ' (default)' : ''}\n`,
        );
        io.stdout.write(
          `Base image: ${app.troupe.settings.dataDirLabel}/${actor.baseImagePath}\nManifest: ${app.troupe.manifestPath(actor.id)}\n`,
        );
        const counts = IMAGE_TYPES.map((type) => `${type} ${images.filter((i) => i.type === type).length}`).join(', ');
        io.stdout.write(`Images: ${images.length} (${counts})\n`);
        const identity = await app.troupe.identitySetup(actor.id);
        const references = await app.troupe.deps.faceReferences.listByActor(actor.id);
        const setAside = await app.troupe.listOffModel(actor.id);
        io.stdout.write(
          identity.isChecking
            ? `Identity check: on, ${references.length} reference ${references.length === 1 ? 'face' : 'faces'}; ${setAside.length} set aside for review (troupe actors review ${actor.id})\n`
            : `Identity check: off. ${identity.notice}\n`,
        );
        if (jobs.length > 0) {
          io.stdout.write(
            '\n' +
              textTable(
                ['JOB', 'STATUS', 'IMAGES', 'ATTEMPTS', 'SUCCESS'],
                jobs.map((j) => [
                  j.id,
                  j.status,
                  `${j.completedImages}/${j.requestedImages}`,
                  `${j.currentAttempt}/${j.maxAttempts}`,
                  formatPermille(j.successRatePermille),
                ]),
              ),
          );
        }
      });
    });

  actors
    .command('set <id>')
    .description("Change an actor's trigger word, descriptor (the caption class) or name")
    .option('--trigger <word>', 'the token captions start with')
    .option('--descriptor <word>', 'how prompts and captions name the actor')
    .option('--name <name>', 'a display name')
    .action(async (id: string, options: { trigger?: string; descriptor?: string; name?: string }) => {
      await withApp(context, async (app) => {
        const actor = await app.troupe.updateActor(id, {
          triggerWord: options.trigger,
          descriptor: options.descriptor,
          name: options.name,
        });
        io.stdout.write(
          `Actor ${actor.id}: ${actor.name} (${actor.descriptor}), trigger word ${triggerWordOf(actor)}\n`,
        );
      });
    });
}
