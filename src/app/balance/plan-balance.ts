import type { AppDeps } from '../app-deps.js';
import { parseActorId, type ActorId } from '../../domain/actors/actor-id.js';
import { planBalance, type BalancePlan } from '../../domain/balance/balance-plan.js';
import { findDefects } from '../../domain/balance/image-defects.js';
import { DEFAULT_THRESHOLDS } from '../../domain/balance/quality-thresholds.js';
import { TroupeError, invalidInput } from '../../domain/errors/troupe-error.js';
import { resolveTypeTargets, sumTargets, type TypeTargets } from '../../domain/generation/type-targets.js';
import { requireWholeNumber } from '../../domain/input/whole-number.js';
import { countPromptsByType, type PromptLibrary } from '../../domain/prompts/prompt-library.js';
import { evaluateSet, type EvaluationDeps } from './evaluate-set.js';

export interface BalanceRequest {
  readonly actorId: string;
  /** `photorealistic=15,bw_stylized=8,color_stylized=7`, or a total (`40`); default: the set's size in 15/11/9. */
  readonly target?: string;
  readonly maxDelete?: number | string;
  readonly isDeleting?: boolean;
  readonly promptsPath?: string | null;
}

export interface PlannedBalance {
  readonly actorId: ActorId;
  readonly plan: BalancePlan;
  readonly library: PromptLibrary;
  /** Images decoded now (the rest came from the cache). */
  readonly measuredCount: number;
}

type Deps = EvaluationDeps & Pick<AppDeps, 'actors' | 'prompts' | 'pins'>;

/** Evaluates the actor's set and plans deletions and top-ups. Writes nothing but the measurement cache. */
export async function planActorBalance(deps: Deps, request: BalanceRequest): Promise<PlannedBalance> {
  const actorId = parseActorId(request.actorId);
  if (!(await deps.actors.get(actorId)))
    throw new TroupeError('NOT_FOUND', `Actor ${actorId} not found: see troupe actors list.`);
  const library = await deps.prompts.load(request.promptsPath ?? null);
  const maxDelete =
    request.maxDelete === undefined
      ? Number.MAX_SAFE_INTEGER
      : requireWholeNumber(request.maxDelete, '--max-delete', 0, 100_000);
  const images = await deps.images.listByActor(actorId);
  const target = resolveTarget(request.target, images.length, countPromptsByType(library));
  const { set, measuredCount } = await evaluateSet(deps, actorId);
  const plan = planBalance(set, findDefects(set, DEFAULT_THRESHOLDS), {
    target,
    maxDelete,
    isDeleting: request.isDeleting !== false,
    pinnedIds: await deps.pins.listByActor(actorId),
  });
  return { actorId, plan, library, measuredCount };
}

function resolveTarget(
  spec: string | undefined,
  setSize: number,
  weights: Readonly<Record<keyof TypeTargets, number>>,
): TypeTargets {
  if (spec === undefined) {
    if (setSize === 0)
      throw invalidInput('The set is empty, so there is no size to keep: give a target, e.g. --target 20.');
    return resolveTypeTargets({ count: setSize, spec: undefined, weights });
  }
  const trimmed = spec.trim();
  if (/^\d+$/.test(trimmed))
    return resolveTypeTargets({ count: requireWholeNumber(trimmed, '--target', 1, 1000), spec: undefined, weights });
  const targets = resolveTypeTargets({ count: undefined, spec: trimmed, weights });
  if (sumTargets(targets) === 0) throw invalidInput(`--target "${spec}" asks for an empty set.`);
  return targets;
}
