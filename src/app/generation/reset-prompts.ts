import type { AppDeps } from '../app-deps.js';
import { parseActorId, type ActorId } from '../../domain/actors/actor-id.js';
import { TroupeError } from '../../domain/errors/troupe-error.js';
import { ALL_SUBJECTS, loadRetiredBySubject } from './retired-prompts.js';

type Deps = Pick<AppDeps, 'actors' | 'attempts' | 'promptResets' | 'providers' | 'clock'>;

export interface PromptResetRequest {
  readonly actorId: string;
  /** Only this provider (with its options, e.g. the sim's scenario); every provider when omitted. */
  readonly provider?: { readonly name: string; readonly options: Readonly<Record<string, string>> };
}

export interface PromptReset {
  readonly actorId: ActorId;
  /** The estimate subject reset, or `*` for every provider. */
  readonly subject: string;
  /** Prompts that were retired there and are given back, with the provider/model each was retired on. */
  readonly givenBack: readonly { readonly promptId: string; readonly subject: string }[];
}

/**
 * `troupe prompts reset`: gives an actor's retired prompts back. Refusals until now stop counting (they stay in the
 * attempt history); a prompt the filter keeps refusing is retired again after 3 new refusals.
 */
export async function resetRetiredPrompts(deps: Deps, request: PromptResetRequest): Promise<PromptReset> {
  const actorId = parseActorId(request.actorId);
  if (!(await deps.actors.get(actorId)))
    throw new TroupeError('NOT_FOUND', `Actor ${actorId} not found: see troupe actors list.`);
  const subject =
    request.provider === undefined
      ? ALL_SUBJECTS
      : deps.providers.estimateSubject(request.provider.name, request.provider.options);
  const givenBack = [...(await loadRetiredBySubject(deps, actorId))]
    .filter(([retiredOn]) => subject === ALL_SUBJECTS || retiredOn === subject)
    .flatMap(([retiredOn, prompts]) => [...prompts].sort().map((promptId) => ({ promptId, subject: retiredOn })));
  await deps.promptResets.reset(actorId, subject, new Date(deps.clock.now()).toISOString());
  return { actorId, subject, givenBack };
}
