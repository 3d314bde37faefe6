import type { Troupe, GenerationInput } from '../troupe.js';
import { baseImageKey } from '../../domain/actors/dataset-layout.js';
import { describeDefect, type PlannedDeletion } from '../../domain/balance/balance-plan.js';
import { runStatusOf, type BalanceStep } from '../../domain/balance/balance-run.js';
import { isTroupeError, TroupeError } from '../../domain/errors/troupe-error.js';
import type { GenerationJob } from '../../domain/generation/job.js';
import { formatTargets, sumTargets } from '../../domain/generation/type-targets.js';
import { countPromptsByType } from '../../domain/prompts/prompt-library.js';
import { raiseMarkFromStores } from '../images/file-number-mark.js';
import type { PlannedBalance } from './plan-balance.js';
import { countOf } from '../../domain/text/count-noun.js';

export type GenerationOptions = Omit<GenerationInput, 'actorId' | 'count' | 'types'>;

export interface ExecutedBalance {
  /** The `balance_runs` row that records this execute. */
  readonly runId: string;
  /** Every step's outcome, in order: each deletion, then the top-up. */
  readonly steps: readonly BalanceStep[];
  readonly deleted: number;
  /** The top-up job, queued; undefined when nothing needs generating or it could not be created. */
  readonly job: GenerationJob | undefined;
}

/**
 * The seed's process flow: load the actor and its base image, delete what the plan says (logging each file), state
 * the prompts and numbering, then hand the top-up to the normal generation engine as a `balancer` job, so retries,
 * failure classes, progress and crash safety all apply. Each step's outcome is a value (a failed deletion does not
 * stop the others) and the run is recorded in `balance_runs`.
 */
export async function executeBalance(
  troupe: Troupe,
  planned: PlannedBalance,
  options: GenerationOptions,
  log: (line: string) => void,
  planView: unknown,
): Promise<ExecutedBalance> {
  const { actorId, plan } = planned;
  const { deps } = troupe;
  const actor = await troupe.getActorOrThrow(actorId);
  const before = plan.before;
  log(
    `Loaded actor ${actor.id}: ${countOf(before.photorealistic + before.bw_stylized + before.color_stylized + before.unknown, 'image')}`,
  );
  const base = await deps.blobs.get(baseImageKey(actor.id));
  if (!base)
    throw new TroupeError('STORAGE', `The base image of actor ${actor.id} is missing: add it again before balancing.`);
  log(`Base image found: ${actor.baseImagePath} (JPEG, ${Math.round(base.byteLength / 1024)} KB)`);
  log(`Actor descriptor: ${actor.descriptor}`);
  const runId = deps.ids.next('bal');
  await deps.balanceRuns.insert({
    id: runId,
    actorId: actor.id,
    status: 'running',
    startedAt: new Date(deps.clock.now()).toISOString(),
    finishedAt: null,
    plan: planView,
    steps: [],
    jobId: null,
  });
  const steps: BalanceStep[] = [];
  // Pins made after the plan was drawn are honoured too: a pinned image is never deleted.
  const pinned = await deps.pins.listByActor(actor.id);
  for (const deletion of plan.deletions) steps.push(await deleteStep(troupe, deletion, pinned, log));
  const generation = await topUp(troupe, planned, options, log);
  steps.push(generation.step);
  await deps.balanceRuns.finish(runId, {
    status: runStatusOf(steps),
    finishedAt: new Date(deps.clock.now()).toISOString(),
    steps,
    jobId: generation.job?.id ?? null,
  });
  const deleted = steps.filter((s) => s.kind === 'delete' && s.outcome === 'deleted').length;
  return { runId, steps, deleted, job: generation.job };
}

/** Deletes one planned image, unless it is gone or changed since the plan; reports what happened. */
async function deleteStep(
  troupe: Troupe,
  deletion: PlannedDeletion,
  pinned: ReadonlySet<string>,
  log: (line: string) => void,
): Promise<BalanceStep> {
  const { image } = deletion.entry;
  const base = { kind: 'delete' as const, file: image.fileName, imageId: image.id };
  if (pinned.has(image.id)) {
    log(`Kept pinned image: ${image.fileName}`);
    return { ...base, outcome: 'skipped', reason: 'pinned' };
  }
  const current = await troupe.deps.images.get(image.id);
  if (!current) {
    log(`- Skipped ${image.fileName}: already deleted since the plan`);
    return { ...base, outcome: 'skipped', reason: 'already deleted since the plan' };
  }
  if (current.sha256 !== image.sha256) {
    log(`- Skipped ${image.fileName}: the file changed since the plan`);
    return { ...base, outcome: 'skipped', reason: 'the file changed since the plan: plan again' };
  }
  const reason = deletion.reasons.map(describeDefect).join('; ');
  try {
    const { isDeletedFromMirror } = await troupe.deleteImage(image.actorId, image.id);
    const wasUploaded = current.s3Url !== null;
    // An image still pending upload has no object in S3: nothing to delete there, nothing left behind.
    if (troupe.mirroring.isEnabled && !wasUploaded) log(`- Not in S3 (it was never uploaded): ${image.fileName}`);
    else if (isDeletedFromMirror) log(`✓ Deleted from S3: ${image.fileName}`);
    else if (troupe.mirroring.isEnabled)
      log(`✗ Could not delete from S3: ${image.fileName} (troupe audit will list it as an orphan object)`);
    log(`✓ Deleted local file: ${image.fileName} (${reason})`);
    const mirror = isDeletedFromMirror ? 'deleted' : troupe.mirroring.isEnabled && wasUploaded ? 'failed' : 'none';
    return { ...base, outcome: 'deleted', reason, mirror };
  } catch (error) {
    if (!isTroupeError(error)) throw error;
    log(`✗ Could not delete ${image.fileName}: ${error.message}`);
    return { ...base, outcome: error.code === 'NOT_FOUND' ? 'skipped' : 'failed', reason: error.message };
  }
}

async function topUp(
  troupe: Troupe,
  planned: PlannedBalance,
  options: GenerationOptions,
  log: (line: string) => void,
): Promise<{ step: BalanceStep; job: GenerationJob | undefined }> {
  const { plan, library, actorId } = planned;
  if (sumTargets(plan.generate) === 0) {
    const why = planned.runningJobIds.length > 0 ? 'with the images still to come from running jobs, ' : '';
    log(`Nothing to generate: ${why}every type is at its target.`);
    return { step: { kind: 'generate', outcome: 'skipped', reason: 'every type is at its target' }, job: undefined };
  }
  const counts = countPromptsByType(library);
  log(`Total available prompts: ${library.prompts.length}`);
  log(
    `Prompt categories: photorealistic ${counts.photorealistic}, bw_stylized ${counts.bw_stylized}, color_stylized ${counts.color_stylized}`,
  );
  // The highest number ever used, deleted images' too: a new image never takes a name an old one had.
  const max = await raiseMarkFromStores(troupe.deps, actorId);
  log(`Current max image number: ${max}, starting at: ${max + 1}`);
  const types = formatTargets(plan.generate);
  log(`Generating ${types}`);
  try {
    const job = await troupe.createJob({ ...options, actorId, types, generatedBy: 'balancer' });
    return { step: { kind: 'generate', outcome: 'queued', reason: `job ${job.id}`, jobId: job.id, types }, job };
  } catch (error) {
    if (!isTroupeError(error)) throw error;
    log(`✗ Could not start the top-up: ${error.message}`);
    return { step: { kind: 'generate', outcome: 'failed', reason: error.message, types }, job: undefined };
  }
}
