import type { AppDeps } from '../app-deps.js';
import type { FilteredAttempt } from '../ports.js';
import type { ActorId } from '../../domain/actors/actor-id.js';
import { retiredPrompts } from '../../domain/prompts/prompt-rotation.js';

type Deps = Pick<AppDeps, 'attempts' | 'promptResets' | 'providers'>;

/** Stands for every provider in `prompt_resets`. */
export const ALL_SUBJECTS = '*';

/**
 * The prompts retired for the actor on one provider/model (an estimate subject, e.g. `sim/high` or
 * `replicate/black-forest-labs/flux-kontext-pro`): refusals on other providers say nothing about this one, so sim test
 * runs never retire a prompt for Replicate. Refusals before the latest `troupe prompts reset` do not count.
 */
export async function loadRetiredPrompts(deps: Deps, actorId: ActorId, subject: string): Promise<Set<string>> {
  return (await loadRetiredBySubject(deps, actorId)).get(subject) ?? new Set();
}

/** Retired prompts of the actor on every provider/model its refusals came from. */
export async function loadRetiredBySubject(deps: Deps, actorId: ActorId): Promise<Map<string, Set<string>>> {
  const resets = await deps.promptResets.list(actorId);
  const counts = new Map<string, Map<string, number>>();
  for (const refusal of await deps.attempts.listFilteredByActor(actorId)) {
    const subject = subjectOf(deps, refusal);
    if (subject === undefined) continue;
    const since = [resets.get(ALL_SUBJECTS), resets.get(subject)]
      .filter((at) => at !== undefined)
      .sort()
      .at(-1);
    if (since !== undefined && refusal.atIso <= since) continue;
    const bySubject = counts.get(subject) ?? new Map<string, number>();
    bySubject.set(refusal.promptId, (bySubject.get(refusal.promptId) ?? 0) + 1);
    counts.set(subject, bySubject);
  }
  return new Map([...counts].map(([subject, byPrompt]) => [subject, retiredPrompts(byPrompt)]));
}

function subjectOf(deps: Deps, refusal: FilteredAttempt): string | undefined {
  try {
    return deps.providers.estimateSubject(refusal.provider, refusal.providerOptions);
  } catch {
    // A provider this configuration cannot build (no token, an old name) is not the one being planned for.
    return undefined;
  }
}
