import type { ActorAudit, RepairedActor } from '../../app/audit/audit-actor.js';
import type { HealthReport } from '../../app/ports.js';
import { triggerWordOf } from '../../domain/captions/trigger-word.js';
import type { ActorSummary } from '../../app/actors/actor-summaries.js';
import type { Finding } from '../../domain/audit/audit-findings.js';
import { describeProblem } from '../../domain/audit/describe-finding.js';
import type { RepairAction } from '../../domain/audit/repair-plan.js';
import type { Attempt } from '../../domain/generation/attempt.js';
import type { GenerationJob } from '../../domain/generation/job.js';
import { isPartial } from '../../domain/generation/job-outcome.js';
import type { PaidLedger } from '../../domain/generation/paid-ledger.js';
import type { ImageRecord } from '../../domain/images/image-record.js';
import { MICRO_PER_USD } from '../../domain/money/micro-usd.js';
import type { StatedOdds } from '../../domain/policy/stated-odds.js';

/** Domain values as the API shows them: dollars instead of micro-dollars, percents instead of permille, URLs. */
export function usd(micro: number): number {
  return micro / MICRO_PER_USD;
}

export function jobJson(job: GenerationJob) {
  return {
    id: job.id,
    actorId: job.actorId,
    status: job.status,
    partial: isPartial(job),
    requestedImages: job.requestedImages,
    typeTargets: { ...job.typeTargets },
    maxAttempts: job.maxAttempts,
    concurrency: job.concurrency,
    mode: job.mode,
    earlyStopBelow: job.earlyStopBelow,
    forecast: job.forecast === null ? null : oddsJson(job.forecast),
    costCapUsd: job.costCapMicroUsd === null ? null : usd(job.costCapMicroUsd),
    priceUsd: usd(job.priceMicroUsd),
    provider: job.provider,
    providerOptions: { ...job.providerOptions },
    currentAttempt: job.currentAttempt,
    completedImages: job.completedImages,
    finishedAttempts: job.finishedAttempts,
    successRate: job.successRatePermille / 10,
    spendUsd: usd(job.spendMicroUsd),
    spendSplit: {
      keptUsd: usd(job.spendSplit.keptMicroUsd),
      sparesUsd: usd(job.spendSplit.sparesMicroUsd),
      discardedUsd: usd(job.spendSplit.discardedMicroUsd),
    },
    finishReason: job.finishReason,
    isCancelRequested: job.isCancelRequested,
    isIdentityGated: job.isIdentityGated,
    createdAt: job.createdAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
  };
}

export function ledgerJson(ledger: PaidLedger) {
  return {
    predictions: ledger.predictions,
    paid: ledger.paid,
    kept: ledger.kept,
    spares: ledger.spares,
    discarded: ledger.discarded,
    expired: ledger.expired,
    providerFailures: ledger.providerFailures,
    open: ledger.open,
    paidWithoutImage: ledger.paidWithoutImage.map((p) => ({ runId: p.runId, ending: p.ending })),
  };
}

export function oddsJson(odds: StatedOdds) {
  return {
    successRate: odds.successRate,
    pReachN: odds.pReachN,
    ceilingAttempts: odds.ceilingAttempts ?? null,
    ceilingCostUsd: odds.ceilingCostMicroUsd === undefined ? null : usd(odds.ceilingCostMicroUsd),
    expectedAttempts: odds.expectedAttempts,
    attemptsP05: odds.attemptsP05,
    attemptsP95: odds.attemptsP95,
    expectedCostUsd: usd(odds.expectedCostMicroUsd),
    costRangeUsd: { p05: usd(odds.costP05MicroUsd), p95: usd(odds.costP95MicroUsd) },
    expectedWallSeconds: odds.expectedWallMs / 1000,
    wallP95Seconds: odds.wallP95Ms / 1000,
    method: odds.method,
  };
}

export function attemptJson(attempt: Attempt) {
  return {
    id: attempt.id,
    jobId: attempt.jobId,
    number: attempt.number,
    status: attempt.status,
    promptId: attempt.promptId,
    prompt: attempt.prompt,
    type: attempt.type,
    seed: attempt.seed,
    failureClass: attempt.failureClass,
    failureCode: attempt.failureCode,
    message: attempt.message,
    costUsd: usd(attempt.costMicroUsd),
    imageId: attempt.imageId,
    startedAt: attempt.startedAt,
    endedAt: attempt.endedAt,
  };
}

export function imageJson(image: ImageRecord) {
  const base = `/api/actors/${image.actorId}/images/${image.id}`;
  return {
    id: image.id,
    fileName: image.fileName,
    number: image.number,
    type: image.type,
    prompt: image.prompt,
    promptId: image.promptId,
    generatedAt: image.generatedAt,
    generatedBy: image.generatedBy,
    jobId: image.jobId,
    width: image.width,
    height: image.height,
    sizeBytes: image.sizeBytes,
    url: `${base}/original`,
    thumbnailUrl: `${base}/thumbnail`,
  };
}

export function actorJson({ actor, imageCount, countsByType, lastJob }: ActorSummary) {
  return {
    id: actor.id,
    name: actor.name,
    descriptor: actor.descriptor,
    triggerWord: triggerWordOf(actor),
    isTriggerWordDefault: actor.triggerWord === undefined,
    createdAt: actor.createdAt,
    baseImageUrl: `/api/actors/${actor.id}/base-image`,
    imageCount,
    countsByType: { ...countsByType },
    lastJob: lastJob ? jobJson(lastJob) : null,
  };
}

/** The report with, for each finding, what a repair does about it or why it leaves it. */
export function auditJson({ report, plan, inProgress, jobsAtWork }: ActorAudit) {
  const repairs = new Map<Finding, RepairAction['kind']>();
  for (const action of plan.actions) for (const finding of action.fixes) repairs.set(finding, action.kind);
  const reasons = new Map(plan.unrepairable.map((u) => [u.finding, u.reason]));
  return {
    actorId: report.actorId,
    isHealthy: report.isHealthy,
    counts: { ...report.counts },
    findings: report.findings.map((finding) => ({
      kind: finding.kind,
      fileName: finding.fileName,
      problem: describeProblem(finding),
      repair: repairs.get(finding) ?? null,
      leftBecause: reasons.get(finding) ?? null,
    })),
    jobsAtWork,
    inProgress: inProgress.map((finding) => ({
      kind: finding.kind,
      fileName: finding.fileName,
      problem: describeProblem(finding),
    })),
  };
}

export function repairJson(repaired: RepairedActor) {
  return {
    before: auditJson(repaired.before),
    applied: repaired.applied.map((action) => ({ kind: action.kind, fileName: action.fileName })),
    failed: repaired.failed.map(({ action, reason }) => ({ kind: action.kind, fileName: action.fileName, reason })),
    after: auditJson(repaired.after),
  };
}

export function healthJson(report: HealthReport) {
  return { ok: report.ok, checks: report.checks.map((c) => ({ name: c.name, ok: c.ok, detail: c.detail })) };
}
