import type { ActorId } from '../actors/actor-id.js';
import { invalidInput } from '../errors/troupe-error.js';

const TRIGGER_PATTERN = /^[a-z0-9][a-z0-9_-]{2,31}$/;

/**
 * A trigger word is one token (no spaces: kohya's folder name `{repeats}_{trigger} {class}` splits at the first one),
 * 3-32 lowercase letters, digits, `_` or `-`.
 */
export function parseTriggerWord(raw: string): string {
  const word = raw.trim().toLowerCase();
  if (!TRIGGER_PATTERN.test(word)) {
    throw invalidInput(
      `Trigger word ${JSON.stringify(raw)} is invalid: use one token of 3-32 lowercase letters, digits, "_" or "-", such as ohwx.`,
    );
  }
  return word;
}

/**
 * The trigger an actor gets when none was set: a rare token made from its id, so two actors never share one. The
 * consonants of the id's words (vowels make real words, which the model already knows), then its leading number:
 * `0001_european_20_female` -> `rpnfml0001`.
 */
export function defaultTriggerWord(id: ActorId): string {
  const leadingNumber = /^(\d+)/.exec(id)?.[1] ?? '';
  const words = id
    .split('_')
    .filter((part) => /[a-z]/.test(part))
    .join('');
  const consonants = words.replace(/[^a-z]/g, '').replace(/[aeiou]/g, '');
  const stem = (consonants.length >= 2 ? consonants : words.replace(/[^a-z]/g, '')).slice(0, 6);
  const word = `${stem}${leadingNumber}`;
  return word.length >= 3 ? word.slice(0, 32) : `ohwx${word}`;
}

/** The trigger word an actor's captions use: the one set, else the default from its id. */
export function triggerWordOf(actor: { readonly id: ActorId; readonly triggerWord?: string }): string {
  return actor.triggerWord ?? defaultTriggerWord(actor.id);
}
