import type { AppDeps } from '../app-deps.js';
import { parseActorId, type ActorId } from '../../domain/actors/actor-id.js';
import { planBalance, type BalancePlan, type BalanceTarget } from '../../domain/balance/balance-plan.js';
import { isFinalJobStatus, type GenerationJob } from '../../domain/generation/job.js';
import type { ImageRecord } from '../../domain/images/image-record.js';
import { IMAGE_TYPES } from '../../domain/prompts/image-type.js';
import { findDefects } from '../../domain/balance/image-defects.js';
import { DEFAULT_THRESHOLDS } from '../../domain/balance/quality-thresholds.js';
import { TroupeError, invalidInput, isTroupeError } from '../../domain/errors/troupe-error.js';
import { parseTypeSpec, resolveTypeTargets, type TypeTargets } from '../../domain/generation/type-targets.js';
import { requireWholeNumber } from '../../domain/input/whole-number.js';
import { countPromptsByType, type PromptLibrary } from '../../domain/prompts/prompt-library.js';
import { evaluateSet, type EvaluationDeps } from './evaluate-set.js';
import { judgeSet, type JudgedSet } from '../identity/judge-set.js';
import { identityDefects, mergeDefects } from '../../domain/identity/identity-defects.js';
import { DEFAULT_IDENTITY_THRESHOLDS } from '../../domain/identity/identity-thresholds.js';

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
  /** Each image's identity verdict against the actor's reference faces. */
  readonly identity: JudgedSet;
  /** Jobs still running for the actor, whose images to come the plan counts. */
  readonly runningJobIds: readonly string[];
}

type Deps = EvaluationDeps &
  Pick<AppDeps, 'actors' | 'prompts' | 'jobs' | 'pins' | 'faces' | 'faceCache' | 'faceReferences'>;

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
  // The face threads work while this thread measures pixels.
  const [{ set, measuredCount }, identity] = await Promise.all([
    evaluateSet(deps, actorId),
    judgeSet(deps, actorId, images),
  ]);
  const running = await runningJobs(deps, actorId);
  const defects = mergeDefects(
    findDefects(set, DEFAULT_THRESHOLDS),
    identityDefects(set, identity.verdicts, DEFAULT_IDENTITY_THRESHOLDS),
  );
  const plan = planBalance(set, defects, {
    target,
    maxDelete,
    isDeleting: request.isDeleting !== false,
    incoming: incomingImages(running, images),
    pinnedIds: await deps.pins.listByActor(actorId),
  });
  return { actorId, plan, library, measuredCount, identity, runningJobIds: running.map((j) => j.id) };
}

async function runningJobs(deps: Deps, actorId: ActorId): Promise<GenerationJob[]> {
  return (await deps.jobs.list({ actorId })).filter((job) => !isFinalJobStatus(job.status));
}

/** What jobs still running for the actor will add, per type: each job's targets less what it has kept so far. */
function incomingImages(jobs: readonly GenerationJob[], images: readonly ImageRecord[]): TypeTargets {
  const counts = { photorealistic: 0, bw_stylized: 0, color_stylized: 0 };
  for (const job of jobs) {
    for (const type of IMAGE_TYPES) {
      const kept = images.filter((image) => image.jobId === job.id && image.type === type).length;
      counts[type] += Math.max(0, job.typeTargets[type] - kept);
    }
  }
  return counts;
}

/**
 * A total (`40`) or no target spreads the size over every type in the library's proportions; counts per type
 * (`photorealistic=5`) set those types and leave the others as they are.
 */
function resolveTarget(
  spec: string | undefined,
  setSize: number,
  weights: Readonly<Record<keyof TypeTargets, number>>,
): BalanceTarget {
  if (spec === undefined) {
    if (setSize === 0)
      throw invalidInput('The set is empty, so there is no size to keep: give a target, e.g. --target 20.');
    return resolveTypeTargets({ count: setSize, spec: undefined, weights });
  }
  const trimmed = spec.trim();
  if (/^\d+$/.test(trimmed))
    return resolveTypeTargets({ count: requireWholeNumber(trimmed, '--target', 1, 1000), spec: undefined, weights });
  const parsed = asTargetError(() => parseTypeSpec(trimmed));
  if ([...parsed.values()].some((count) => count === null))
    throw invalidInput(`--target "${spec}": give each type a count (photorealistic=5,bw_stylized=3) or a total (40).`);
  const target = Object.fromEntries(IMAGE_TYPES.map((type) => [type, parsed.get(type) ?? null])) as BalanceTarget;
  if (IMAGE_TYPES.every((type) => (target[type] ?? 0) === 0))
    throw invalidInput(`--target "${spec}" asks for an empty set.`);
  return target;
}

/** The type spec's own messages name `--types`; here the user wrote `--target`. */
function asTargetError<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (isTroupeError(error) && error.code === 'INVALID_INPUT')
      throw invalidInput(error.message.replace(/--types\b/g, '--target'));
    throw error;
  }
}
