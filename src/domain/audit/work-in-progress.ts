import type { GenerationJob } from '../generation/job.js';
import type { ImageRecord } from '../images/image-record.js';
import type { AuditReport, Finding } from './audit-findings.js';

/** A job some process is running now: queued, or processing under a claim that has not lapsed. */
export function isJobAtWork(job: GenerationJob, nowMs: number): boolean {
  if (job.status === 'queued') return true;
  return job.status === 'processing' && job.leaseUntil !== null && Date.parse(job.leaseUntil) > nowMs;
}

export interface SettledReport {
  /** The report without what running jobs explain; healthy when nothing else is left. */
  readonly report: AuditReport;
  /** Findings a running job explains (its manifest rewrite or upload is still to come): work, not damage. */
  readonly inProgress: readonly Finding[];
}

/**
 * A job at work changes the database first and the manifest, disk and S3 a moment later, so an audit taken in
 * between sees gaps that close by themselves. Those are set aside while the job runs; once it ends (or its claim
 * lapses after a crash) they count as problems again. Pure.
 */
export function setAsideWorkInProgress(
  report: AuditReport,
  images: readonly ImageRecord[],
  jobsAtWork: readonly GenerationJob[],
): SettledReport {
  if (jobsAtWork.length === 0) return { report, inProgress: [] };
  const jobIds = new Set(jobsAtWork.map((job) => job.id));
  const byFile = new Map(images.map((image) => [image.fileName, image]));
  const isExplained = (finding: Finding): boolean => {
    if (finding.kind === 'manifest_outdated') return true;
    if (
      finding.kind !== 'missing_manifest_entry' &&
      finding.kind !== 'missing_object' &&
      finding.kind !== 'missing_file'
    )
      return false;
    const jobId = byFile.get(finding.fileName)?.jobId;
    return jobId !== undefined && jobId !== null && jobIds.has(jobId);
  };
  const inProgress = report.findings.filter(isExplained);
  const findings = report.findings.filter((finding) => !isExplained(finding));
  return { report: { ...report, findings, isHealthy: findings.length === 0 }, inProgress };
}
