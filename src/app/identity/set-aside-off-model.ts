import type { AppDeps } from '../app-deps.js';
import type { Actor } from '../../domain/actors/actor.js';
import { incomingKey, offModelImageKey } from '../../domain/actors/dataset-layout.js';
import type { Attempt } from '../../domain/generation/attempt.js';
import type { GenerationJob } from '../../domain/generation/job.js';
import type { IdentityVerdict } from '../../domain/identity/identity-verdict.js';
import { IdentityGate } from './identity-gate.js';

type Deps = Pick<AppDeps, 'blobs' | 'inspector' | 'offModel' | 'ids' | 'clock' | 'logger'>;

/**
 * Moves an off-model output from incoming/ to the actor's off_model/ folder and records it for review; returns the
 * attempt's failure (paid for: the run succeeded). Safe to repeat for one attempt (a resume after a crash).
 */
export async function setAsideOffModel(
  deps: Deps,
  input: { actor: Actor; job: GenerationJob; attempt: Attempt; jpeg: Uint8Array; verdict: IdentityVerdict },
): Promise<Partial<Attempt>> {
  const { actor, job, attempt, jpeg, verdict } = input;
  const key = offModelImageKey(actor.id, attempt.id);
  if (await deps.blobs.exists(incomingKey(attempt.id))) await deps.blobs.move(incomingKey(attempt.id), key);
  else await deps.blobs.put(key, jpeg);
  const metrics = await deps.inspector.inspect(jpeg);
  const nowIso = new Date(deps.clock.now()).toISOString();
  await deps.offModel.insert({
    id: deps.ids.next('off'),
    actorId: actor.id,
    jobId: job.id,
    attemptId: attempt.id,
    type: attempt.type,
    prompt: attempt.prompt,
    promptId: attempt.promptId,
    fileKey: key,
    sha256: deps.inspector.sha256(jpeg),
    width: metrics.width,
    height: metrics.height,
    sizeBytes: jpeg.byteLength,
    distance: verdict.distance ?? 0,
    createdAt: nowIso,
  });
  const message = IdentityGate.refusalMessage(verdict, attempt.type);
  deps.logger.warn({ jobId: job.id, attempt: attempt.number, failureClass: 'off_model', code: 'OFF_MODEL' }, message);
  return {
    status: 'failed',
    failureClass: 'off_model',
    failureCode: 'OFF_MODEL',
    message,
    costMicroUsd: job.priceMicroUsd,
    endedAt: nowIso,
  };
}
