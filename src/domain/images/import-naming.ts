import type { ActorId } from '../actors/actor-id.js';
import { parseImageNumber } from './file-numbering.js';

const IMAGE_EXTENSION = /\.(jpe?g|png|webp)$/i;
/** Printable, no path separators, not hidden: safe on every file system and as a store key. */
const SAFE_FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9 _.,()+=@-]{0,199}$/;

/** Whether the name has an image extension Troupe keeps (any case). */
export function isImageFileName(fileName: string): boolean {
  return IMAGE_EXTENSION.test(fileName);
}

/** An original before its copies (`x_12.jpg` before `x_12 (1).jpg`): shorter names first, then by name. */
export function originalsFirst(a: string, b: string): number {
  return a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;
}

export interface ImportName {
  readonly sourceName: string;
  readonly fileName: string;
  readonly number: number;
  /** Why the file got a fresh name; undefined when it keeps its own. */
  readonly renamedBecause?: string;
}

export interface TakenNames {
  /** Numbers the actor's images already carry. */
  readonly numbers: Iterable<number>;
  /** File names already in use (compared case-insensitively: some file systems do). */
  readonly fileNames: Iterable<string>;
  /** Fresh numbers start above this too (numbers of files on disk that no row knows). */
  readonly floor: number;
}

/**
 * Names for imported files, in the given order: each keeps its own name and number when it has a number that is
 * free and a safe, free name; the rest get `{actor_id}_{n}.{ext}` with n from max(every number seen, floor) + 1.
 */
export function assignImportNames(actorId: ActorId, sourceNames: readonly string[], taken: TakenNames): ImportName[] {
  const numbers = new Set(taken.numbers);
  const names = new Set([...taken.fileNames].map((n) => n.toLowerCase()));
  const kept = new Map<string, ImportName>();
  const pending: { sourceName: string; reason: string }[] = [];
  for (const sourceName of sourceNames) {
    const number = parseImageNumber(sourceName);
    const reason = whyRename(sourceName, number, numbers, names);
    if (reason !== undefined || number === undefined) {
      pending.push({ sourceName, reason: reason ?? 'its name carries no number' });
      continue;
    }
    numbers.add(number);
    names.add(sourceName.toLowerCase());
    kept.set(sourceName, { sourceName, fileName: sourceName, number });
  }
  const seen = sourceNames.map((n) => parseImageNumber(n) ?? 0);
  let next = Math.max(taken.floor, ...numbers, ...seen, 0);
  for (const { sourceName, reason } of pending) {
    let fileName: string;
    do {
      next += 1;
      fileName = `${actorId}_${next}${extensionOf(sourceName)}`;
    } while (names.has(fileName.toLowerCase()));
    names.add(fileName.toLowerCase());
    kept.set(sourceName, { sourceName, fileName, number: next, renamedBecause: reason });
  }
  return sourceNames.map((n) => kept.get(n)!);
}

function whyRename(
  name: string,
  number: number | undefined,
  numbers: Set<number>,
  names: Set<string>,
): string | undefined {
  if (!SAFE_FILE_NAME.test(name)) return 'its name is not a safe file name';
  if (number === undefined) return 'its name carries no number';
  if (numbers.has(number)) return `number ${number} is already taken`;
  if (names.has(name.toLowerCase())) return 'the name is already taken';
  return undefined;
}

/** The extension, lowercased, `.jpeg` as `.jpg`; `.jpg` when there is none. */
function extensionOf(name: string): string {
  const extension = IMAGE_EXTENSION.exec(name)?.[1]?.toLowerCase() ?? 'jpg';
  return `.${extension === 'jpeg' ? 'jpg' : extension}`;
}
