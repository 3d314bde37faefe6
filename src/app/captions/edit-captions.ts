import type { ManifestWriter } from '../manifest/manifest-writer.js';
import { ensureCaptions, type CaptionDeps } from './ensure-captions.js';
import type { Actor } from '../../domain/actors/actor.js';
import { toCaptionLine } from '../../domain/captions/compose-caption.js';
import type { StoredCaption } from '../../domain/captions/stored-caption.js';
import { triggerWordOf } from '../../domain/captions/trigger-word.js';
import { TroupeError, invalidInput } from '../../domain/errors/troupe-error.js';

const MAX_CAPTION_LENGTH = 1000;

/**
 * Sets one image's caption to what the user wrote (one line). A leading `trigger class,` is taken off: the trigger
 * and class are always put back in front on output, so they are never doubled.
 */
export async function setCaption(
  deps: CaptionDeps,
  manifests: ManifestWriter,
  actor: Actor,
  imageId: string,
  text: string,
): Promise<StoredCaption> {
  const image = await deps.images.get(imageId);
  if (!image || image.actorId !== actor.id)
    throw new TroupeError('NOT_FOUND', `Image ${imageId} of actor ${actor.id} not found.`);
  const caption: StoredCaption = {
    imageId,
    body: bodyOf(actor, checkedLine(text)),
    source: 'edited',
    updatedAt: new Date(deps.clock.now()).toISOString(),
  };
  await deps.captions.putMany(actor.id, [caption]);
  await manifests.sync(actor.id);
  return caption;
}

/**
 * Replaces every occurrence of `find` (exact text) in the captions of the given images, or of the whole set when
 * `imageIds` is undefined. Returns the captions that changed.
 */
export async function replaceInCaptions(
  deps: CaptionDeps,
  manifests: ManifestWriter,
  actor: Actor,
  request: { find: string; replace: string; imageIds?: readonly string[] },
): Promise<StoredCaption[]> {
  if (request.find.length === 0) throw invalidInput('Find-and-replace needs some text to find.');
  if (/[\r\n]/.test(request.replace))
    throw invalidInput('A caption is one line: the replacement cannot hold a line break.');
  const all = await ensureCaptions(deps, actor.id);
  const wanted = request.imageIds === undefined ? undefined : new Set(request.imageIds);
  const missing = [...(wanted ?? [])].filter((id) => !all.has(id));
  if (missing.length > 0)
    throw new TroupeError('NOT_FOUND', `Image ${missing.join(', ')} of actor ${actor.id} not found.`);
  const updatedAt = new Date(deps.clock.now()).toISOString();
  const changed: StoredCaption[] = [];
  for (const caption of all.values()) {
    if (wanted !== undefined && !wanted.has(caption.imageId)) continue;
    const body = toCaptionLine(caption.body.replaceAll(request.find, request.replace));
    if (body !== caption.body) changed.push({ ...caption, body, source: 'edited', updatedAt });
  }
  await deps.captions.putMany(actor.id, changed);
  if (changed.length > 0) await manifests.sync(actor.id);
  return changed;
}

function checkedLine(text: string): string {
  const line = toCaptionLine(text);
  if (line.length > MAX_CAPTION_LENGTH) throw invalidInput(`A caption is at most ${MAX_CAPTION_LENGTH} characters.`);
  return line;
}

function bodyOf(actor: Actor, line: string): string {
  const prefix = `${triggerWordOf(actor)} ${actor.descriptor}`;
  if (line === prefix) return '';
  return line.startsWith(`${prefix},`) ? line.slice(prefix.length + 1).trim() : line;
}
