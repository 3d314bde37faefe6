import type { Command } from 'commander';
import { parseActorId } from '../../../domain/actors/actor-id.js';
import { invalidInput, TroupeError } from '../../../domain/errors/troupe-error.js';
import type { CliContext } from '../cli-context.js';
import { withApp } from './with-app.js';

/** `troupe images delete <actor-id> <file> [--yes]`, under the `images` command. */
export function registerImageDelete(images: Command, context: CliContext, setExit: (code: number) => void): void {
  images
    .command('delete <actor-id> <file>')
    .description('Delete one training image from disk, the S3 mirror, the database and the manifest')
    .option('--yes', 'delete without asking')
    .action(async (rawActorId: string, file: string, options: { yes?: boolean }) => {
      const actorId = parseActorId(rawActorId);
      setExit(await withApp(context, (app) => deleteImageFile(context, app, actorId, file, options.yes === true)));
    });
}

async function deleteImageFile(
  context: CliContext,
  app: Parameters<Parameters<typeof withApp>[1]>[0],
  actorId: ReturnType<typeof parseActorId>,
  file: string,
  isConfirmed: boolean,
): Promise<number> {
  const { io } = context;
  const actor = await app.troupe.getActorOrThrow(actorId);
  const image = (await app.troupe.listImages(actor.id)).find((i) => i.fileName === file);
  if (!image) {
    throw new TroupeError(
      'NOT_FOUND',
      `Image ${file} of actor ${actor.id} not found: see its files with troupe actors show ${actor.id} or in the manifest ${app.troupe.manifestPath(actor.id)}.`,
    );
  }
  const places = app.troupe.mirroring.isEnabled
    ? 'disk, S3, the database and the manifest'
    : 'disk, the database and the manifest';
  if (!isConfirmed) {
    if (io.confirm === undefined) {
      throw invalidInput(
        `Deleting ${file} removes it from ${places} and there is no terminal to ask on: pass --yes to confirm.`,
      );
    }
    if (!(await io.confirm(`Delete ${file} of ${actor.id} from ${places}? [y/N] `))) {
      io.stdout.write('Nothing was deleted.\n');
      return 1;
    }
  }
  const { isDeletedFromMirror } = await app.troupe.deleteImage(actor.id, image.id);
  io.stdout.write(
    `Deleted ${file} from ${isDeletedFromMirror || !app.troupe.mirroring.isEnabled ? places : 'disk, the database and the manifest'}.\n`,
  );
  if (app.troupe.mirroring.isEnabled && !isDeletedFromMirror) {
    io.stdout.write(
      `Its S3 copy could not be deleted: troupe audit --actor-id ${actor.id} lists it as an orphan object.\n`,
    );
  }
  if (image.number !== null)
    io.stdout.write(`Number ${image.number} stays used: no new image will be named ${file}.\n`);
  return 0;
}
