import type { AppDeps } from '../app-deps.js';
import type { ManifestWriter } from '../manifest/manifest-writer.js';
import type { ActorId } from '../../domain/actors/actor-id.js';
import { trainingImageKey } from '../../domain/actors/dataset-layout.js';
import { auditDataset, type AuditReport, type Finding } from '../../domain/audit/audit-findings.js';
import { isJobAtWork, setAsideWorkInProgress } from '../../domain/audit/work-in-progress.js';
import { isSoundCopy, type Fingerprint } from '../../domain/audit/audit-snapshot.js';
import { planRepair, type RepairAction, type RepairPlan } from '../../domain/audit/repair-plan.js';
import { TroupeError } from '../../domain/errors/troupe-error.js';
import { takeSnapshot } from './take-snapshot.js';

type Deps = Pick<
  AppDeps,
  'actors' | 'images' | 'blobs' | 'mirror' | 'manifests' | 'inspector' | 'logger' | 'jobs' | 'clock'
>;

export interface ActorAudit {
  /** What is wrong, without what a running job explains. */
  readonly report: AuditReport;
  /** Gaps a running job is about to close (see setAsideWorkInProgress). */
  readonly inProgress: readonly Finding[];
  /** Jobs of the actor at work while the audit looked. */
  readonly jobsAtWork: number;
  /** What `--repair` would do, and what it cannot. */
  readonly plan: RepairPlan;
}

export interface RepairedActor {
  readonly before: ActorAudit;
  readonly applied: readonly RepairAction[];
  /** Actions that could not be carried out (the source changed, or S3 failed), with why. */
  readonly failed: readonly { readonly action: RepairAction; readonly reason: string }[];
  readonly after: ActorAudit;
}

/** Compares the database, the manifest, the files on disk and the objects in S3 for one actor. Changes nothing. */
export async function auditActor(deps: Deps, manifests: ManifestWriter, actorId: ActorId): Promise<ActorAudit> {
  if (!(await deps.actors.get(actorId))) throw new TroupeError('NOT_FOUND', `Actor ${actorId} not found.`);
  // Jobs are read before the snapshot: a job that ends in between is still counted as working, never the reverse.
  const jobs = await Promise.all([
    deps.jobs.list({ actorId, status: 'queued' }),
    deps.jobs.list({ actorId, status: 'processing' }),
  ]);
  const atWork = jobs.flat().filter((job) => isJobAtWork(job, deps.clock.now()));
  const snapshot = await takeSnapshot(deps, manifests, actorId);
  const { report, inProgress } = setAsideWorkInProgress(auditDataset(snapshot), snapshot.images, atWork);
  return { report, inProgress, jobsAtWork: atWork.length, plan: planRepair(report, snapshot) };
}

/**
 * Fixes what can be fixed from a sound copy: re-uploads to S3, re-downloads to disk, rewrites the manifest. Never
 * deletes anything, so the only copy of an image is never lost. Audits again afterwards, so the caller can show
 * the result rather than trust the plan.
 */
export async function repairActor(deps: Deps, manifests: ManifestWriter, actorId: ActorId): Promise<RepairedActor> {
  const before = await auditActor(deps, manifests, actorId);
  const applied: RepairAction[] = [];
  const failed: { action: RepairAction; reason: string }[] = [];
  // Copies first: an upload records an s3_url, which the manifest rewritten last must show.
  const ordered = [...before.plan.actions].sort(
    (a, b) => Number(a.kind === 'rewrite_manifest') - Number(b.kind === 'rewrite_manifest'),
  );
  for (const action of ordered) {
    try {
      await apply(deps, manifests, actorId, action);
      applied.push(action);
    } catch (error) {
      if (!(error instanceof TroupeError)) throw error;
      failed.push({ action, reason: error.message });
    }
  }
  if (applied.some((a) => a.kind === 'upload')) await manifests.sync(actorId);
  return { before, applied, failed, after: await auditActor(deps, manifests, actorId) };
}

async function apply(deps: Deps, manifests: ManifestWriter, actorId: ActorId, action: RepairAction): Promise<void> {
  if (action.kind === 'rewrite_manifest') {
    await manifests.sync(actorId);
    return;
  }
  const mirror = deps.mirror;
  if (mirror === null) throw new TroupeError('STORAGE', 'No S3 mirror is configured (S3_BUCKET).');
  const key = trainingImageKey(actorId, action.fileName);
  const [from, to] = action.kind === 'upload' ? [deps.blobs, mirror] : [mirror, deps.blobs];
  const bytes = await from.get(key);
  // The plan was made from a snapshot: check the source is still the sound copy before writing it anywhere.
  if (bytes === undefined || !isSoundCopy(fingerprintOf(deps, bytes), action.expected)) {
    throw new TroupeError('STORAGE', `${action.fileName} changed since the audit: run the audit again.`);
  }
  await to.put(key, bytes);
  if (action.kind === 'upload') await deps.images.setS3Url(action.imageId, mirror.urlFor(key));
  deps.logger.info({ actorId, file: action.fileName, action: action.kind }, 'repaired');
}

function fingerprintOf(deps: Deps, bytes: Uint8Array): Fingerprint {
  return { sizeBytes: bytes.byteLength, sha256: deps.inspector.sha256(bytes) };
}
