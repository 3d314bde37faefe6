import type { AppDeps } from '../app-deps.js';
import type { ManifestWriter } from '../manifest/manifest-writer.js';
import { DESCRIPTOR_PATTERN, type Actor } from '../../domain/actors/actor.js';
import { parseActorId } from '../../domain/actors/actor-id.js';
import { TroupeError, invalidInput } from '../../domain/errors/troupe-error.js';
import { parseTriggerWord } from '../../domain/captions/trigger-word.js';

type Deps = Pick<AppDeps, 'actors'>;

export function normalizeDescriptor(raw: string): string {
  const descriptor = raw.trim().toLowerCase();
  if (!DESCRIPTOR_PATTERN.test(descriptor)) {
    throw invalidInput(`Descriptor "${raw}" is invalid: use a plain word or two, such as woman, man or character.`);
  }
  return descriptor;
}

export function normalizeName(raw: string): string {
  const name = raw.trim();
  if (name.length === 0 || name.length > 100) throw invalidInput('Name must be 1-100 characters.');
  return name;
}

/** Changes how prompts name the actor (new jobs only) or its display name. */
export async function updateActor(
  deps: Deps,
  manifests: ManifestWriter,
  rawId: string,
  patch: { descriptor?: string; name?: string; triggerWord?: string },
): Promise<Actor> {
  const id = parseActorId(rawId);
  const actor = await deps.actors.get(id);
  if (!actor) throw new TroupeError('NOT_FOUND', `Actor ${id} not found.`);
  const changes = {
    ...(patch.descriptor === undefined ? {} : { descriptor: normalizeDescriptor(patch.descriptor) }),
    ...(patch.name === undefined ? {} : { name: normalizeName(patch.name) }),
    ...(patch.triggerWord === undefined ? {} : { triggerWord: parseTriggerWord(patch.triggerWord) }),
  };
  await deps.actors.update(id, changes);
  await manifests.sync(id);
  return { ...actor, ...changes };
}
