import type { Troupe, GenerationInput } from '../troupe.js';
import { baseImageKey } from '../../domain/actors/dataset-layout.js';
import { describeDefect } from '../../domain/balance/balance-plan.js';
import { TroupeError } from '../../domain/errors/troupe-error.js';
import type { GenerationJob } from '../../domain/generation/job.js';
import { formatTargets, sumTargets } from '../../domain/generation/type-targets.js';
import { countPromptsByType } from '../../domain/prompts/prompt-library.js';
import { raiseMarkFromStores } from '../images/file-number-mark.js';
import type { PlannedBalance } from './plan-balance.js';
import { countOf } from '../../domain/text/count-noun.js';

export type GenerationOptions = Omit<GenerationInput, 'actorId' | 'count' | 'types'>;

export interface ExecutedBalance {
  readonly deleted: number;
  /** The top-up job, queued; undefined when nothing needs generating. The caller runs or enqueues it. */
  readonly job: GenerationJob | undefined;
}

/**
 * The seed's process flow: load the actor and its base image, delete what the plan says (logging each file), state
 * the prompts and numbering, then hand the top-up to the normal generation engine as a `balancer` job, so retries,
 * failure classes, progress and crash safety all apply.
 */
export async function executeBalance(
  troupe: Troupe,
  planned: PlannedBalance,
  options: GenerationOptions,
  log: (line: string) => void,
): Promise<ExecutedBalance> {
  const { actorId, plan, library } = planned;
  const actor = await troupe.getActorOrThrow(actorId);
  log(
    `Loaded actor ${actor.id}: ${countOf(plan.before.photorealistic + plan.before.bw_stylized + plan.before.color_stylized + plan.before.unknown, 'image')}`,
  );
  const base = await troupe.deps.blobs.get(baseImageKey(actor.id));
  if (!base)
    throw new TroupeError('STORAGE', `The base image of actor ${actor.id} is missing: add it again before balancing.`);
  log(`Base image found: ${actor.baseImagePath}`);
  log(`Prepared base image as base64 JPEG (${Math.round((base.byteLength * 4) / 3 / 1024)} KB)`);
  log(`Actor descriptor: ${actor.descriptor}`);
  // Pins made after the plan was drawn are honoured too: a pinned image is never deleted.
  const pinned = await troupe.deps.pins.listByActor(actor.id);
  for (const { entry, reasons } of plan.deletions) {
    if (pinned.has(entry.image.id)) {
      log(`Kept pinned image: ${entry.image.fileName}`);
      continue;
    }
    const { isDeletedFromMirror } = await troupe.deleteImage(actor.id, entry.image.id);
    if (isDeletedFromMirror) log(`✓ Deleted from S3: ${entry.image.fileName}`);
    else if (troupe.mirroring.isEnabled)
      log(`✗ Could not delete from S3: ${entry.image.fileName} (troupe audit will list it as an orphan object)`);
    log(`✓ Deleted local file: ${entry.image.fileName} (${reasons.map(describeDefect).join('; ')})`);
  }
  if (sumTargets(plan.generate) === 0) {
    log('Nothing to generate: every type is at its target.');
    return { deleted: plan.deletions.length, job: undefined };
  }
  const counts = countPromptsByType(library);
  log(`Total available prompts: ${library.prompts.length}`);
  log(
    `Prompt categories: photorealistic ${counts.photorealistic}, bw_stylized ${counts.bw_stylized}, color_stylized ${counts.color_stylized}`,
  );
  // The highest number ever used, deleted images' too: a new image never takes a name an old one had.
  const max = await raiseMarkFromStores(troupe.deps, actor.id);
  log(`Current max image number: ${max}, starting at: ${max + 1}`);
  log(`Generating ${formatTargets(plan.generate)}`);
  const job = await troupe.createJob({
    ...options,
    actorId: actor.id,
    types: formatTargets(plan.generate),
    generatedBy: 'balancer',
  });
  return { deleted: plan.deletions.length, job };
}
