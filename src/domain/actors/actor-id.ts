import { TroupeError } from '../errors/troupe-error.js';

/** A validated actor id: safe as a folder name, a file-name prefix and an S3 key segment. */
export type ActorId = string & { readonly __brand: 'ActorId' };

export const ACTOR_ID_MAX_LENGTH = 64;
const ACTOR_ID_PATTERN = /^[a-z0-9][a-z0-9_]*$/;

export function parseActorId(raw: string): ActorId {
  const shown = JSON.stringify(raw.length > 80 ? `${raw.slice(0, 77)}...` : raw);
  const rule = `use 1-${ACTOR_ID_MAX_LENGTH} lowercase letters, digits and underscores, starting with a letter or digit (e.g. 0001_european_20_female)`;
  if (raw.length === 0) throw new TroupeError('INVALID_ACTOR_ID', `Actor id is empty: ${rule}.`);
  if (raw.length > ACTOR_ID_MAX_LENGTH) {
    throw new TroupeError('INVALID_ACTOR_ID', `Actor id ${shown} is ${raw.length} characters long: ${rule}.`);
  }
  if (!ACTOR_ID_PATTERN.test(raw)) throw new TroupeError('INVALID_ACTOR_ID', `Actor id ${shown} is invalid: ${rule}.`);
  return raw as ActorId;
}

/**
 * The key of an actor's manifest file: its leading number (`0001_european_20_female` -> `0001`, as in the seed's
 * `0001_manifest.json`), or the whole id when it does not start with a number (`luna` -> `luna`).
 */
export function manifestPrefix(id: ActorId): string {
  const leadingNumber = /^(\d+)(?:_|$)/.exec(id);
  return leadingNumber?.[1] ?? id;
}

export function manifestFileName(id: ActorId): string {
  return `${manifestPrefix(id)}_manifest.json`;
}
