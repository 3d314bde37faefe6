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

/**
 * The type that is furthest from its target, counting attempts in flight as if they will succeed. When every target
 * is covered and `isOverLaunch` (the fast mode keeps more in flight than images missing), the type least over its
 * target, so spare attempts spread over the mix; otherwise undefined.
 */
export function chooseNextType(
  targets: TypeTargets,
  uses: readonly PromptUse[],
  isOverLaunch = false,
): ImageType | undefined {
  let best: { type: ImageType; deficit: number } | undefined;
  for (const type of IMAGE_TYPES) {
    if (targets[type] <= 0) continue;
    const pending = uses.filter((u) => u.type === type && (u.isSuccess || !u.isFinished)).length;
    const deficit = targets[type] - pending;
    if ((deficit > 0 || isOverLaunch) && (best === undefined || deficit > best.deficit)) best = { type, deficit };
  }
  return best?.type;
}

/** How a prompt is chosen beyond the rotation rules. */
export interface PromptChoice {
  /** Chooses among equally good candidates (injected randomness). */
  readonly pick: (count: number) => number;
  /** A draw from the prompt's success estimate (Thompson sampling); the highest draw wins. Omitted: all equal. */
  readonly draw?: (promptId: string) => number;
  /** Prompts retired for this actor (refused by the filter again and again across jobs). */
  readonly retired?: ReadonlySet<string>;
}

/**
 * Picks a prompt of the type. Variety first: the least used in this job, so all prompts of a type are cycled before
 * any repeats, and never the previous launch's prompt when another exists. Among those, the prompt whose success
 * estimate draws highest (Thompson sampling), so prompts that pass get picked and doubtful ones still get a try.
 * Prompts the filter keeps refusing (twice in this job, or retired for the actor) are skipped while others remain.
 */
export function choosePrompt(candidates: readonly Prompt[], uses: readonly PromptUse[], choice: PromptChoice): Prompt {
  if (candidates.length === 0) throw new Error('choosePrompt needs at least one candidate');
  const useCount = new Map<string, number>();
  const filterCount = new Map<string, number>();
  for (const use of uses) {
    useCount.set(use.promptId, (useCount.get(use.promptId) ?? 0) + 1);
    if (use.isFiltered) filterCount.set(use.promptId, (filterCount.get(use.promptId) ?? 0) + 1);
  }
  const previous = uses.at(-1)?.promptId;
  let pool = preferNonEmpty(candidates, (p) => !(choice.retired?.has(p.id) ?? false));
  pool = preferNonEmpty(pool, (p) => (filterCount.get(p.id) ?? 0) < FILTERED_PROMPT_RETIREMENT);
  pool = preferNonEmpty(pool, (p) => p.id !== previous);
  const fewest = Math.min(...pool.map((p) => useCount.get(p.id) ?? 0));
  const leastUsed = pool.filter((p) => (useCount.get(p.id) ?? 0) === fewest);
  const best = choice.draw === undefined ? leastUsed : highestDraws(leastUsed, choice.draw);
  return best[choice.pick(best.length)] ?? best[0]!;
}

function highestDraws(prompts: readonly Prompt[], draw: (promptId: string) => number): readonly Prompt[] {
  const draws = prompts.map((p) => draw(p.id));
  const top = Math.max(...draws);
  return prompts.filter((_, i) => draws[i] === top);
}

/**
 * Prompts the filter refused at least `ACTOR_PROMPT_RETIREMENT` times over an actor's jobs: retired for that actor
 * (what it shows triggers the filter), skipped while other prompts of the type remain.
 */
export const ACTOR_PROMPT_RETIREMENT = 3;

export function retiredPrompts(filteredByPrompt: ReadonlyMap<string, number>): Set<string> {
  return new Set([...filteredByPrompt].filter(([, count]) => count >= ACTOR_PROMPT_RETIREMENT).map(([id]) => id));
}

function preferNonEmpty<T>(items: readonly T[], keep: (item: T) => boolean): readonly T[] {
  const kept = items.filter(keep);
  return kept.length > 0 ? kept : items;
}
