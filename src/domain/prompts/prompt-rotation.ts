import { IMAGE_TYPES, type ImageType } from './image-type.js';
import type { Prompt } from './prompt-library.js';
import type { TypeTargets } from '../generation/type-targets.js';

/** A past attempt of this job, in launch order: all prompt rotation needs, so a resumed job rotates as before. */
export interface PromptUse {
  readonly promptId: string;
  readonly type: ImageType;
  readonly isSuccess: boolean;
  readonly isFiltered: boolean;
  readonly isFinished: boolean;
}

/** A prompt the content filter refused this often in one job is not tried again in that job while others remain. */
export const FILTERED_PROMPT_RETIREMENT = 2;

/** The type that is furthest from its target, counting attempts in flight as if they will succeed. */
export function chooseNextType(targets: TypeTargets, uses: readonly PromptUse[]): ImageType | undefined {
  let best: { type: ImageType; deficit: number } | undefined;
  for (const type of IMAGE_TYPES) {
    const pending = uses.filter((u) => u.type === type && (u.isSuccess || !u.isFinished)).length;
    const deficit = targets[type] - pending;
    if (deficit > 0 && (best === undefined || deficit > best.deficit)) best = { type, deficit };
  }
  return best?.type;
}

/**
 * Picks a prompt of the type: the least used in this job (so all prompts of a type are cycled before any repeats),
 * never the previous launch's prompt when another exists, skipping prompts the filter keeps refusing.
 * `pick` chooses among equally good candidates (injected randomness).
 */
export function choosePrompt(
  candidates: readonly Prompt[],
  uses: readonly PromptUse[],
  pick: (count: number) => number,
): Prompt {
  if (candidates.length === 0) throw new Error('choosePrompt needs at least one candidate');
  const useCount = new Map<string, number>();
  const filterCount = new Map<string, number>();
  for (const use of uses) {
    useCount.set(use.promptId, (useCount.get(use.promptId) ?? 0) + 1);
    if (use.isFiltered) filterCount.set(use.promptId, (filterCount.get(use.promptId) ?? 0) + 1);
  }
  const previous = uses.at(-1)?.promptId;
  let pool = preferNonEmpty(candidates, (p) => (filterCount.get(p.id) ?? 0) < FILTERED_PROMPT_RETIREMENT);
  pool = preferNonEmpty(pool, (p) => p.id !== previous);
  const fewest = Math.min(...pool.map((p) => useCount.get(p.id) ?? 0));
  const leastUsed = pool.filter((p) => (useCount.get(p.id) ?? 0) === fewest);
  return leastUsed[pick(leastUsed.length)] ?? leastUsed[0]!;
}

function preferNonEmpty<T>(items: readonly T[], keep: (item: T) => boolean): readonly T[] {
  const kept = items.filter(keep);
  return kept.length > 0 ? kept : items;
}
