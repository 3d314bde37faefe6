import { describe, expect, it } from 'vitest';
import type { GenerationJob } from '../generation/job.js';
import type { ImageRecord } from '../images/image-record.js';
import type { AuditReport, Finding } from './audit-findings.js';
import { isJobAtWork, setAsideWorkInProgress } from './work-in-progress.js';

const NOW = Date.parse('2026-01-01T00:00:00Z');
const job = (id: string, status: GenerationJob['status'], leaseUntilMs: number | null): GenerationJob =>
  ({ id, status, leaseUntil: leaseUntilMs === null ? null : new Date(leaseUntilMs).toISOString() }) as GenerationJob;
const image = (fileName: string, jobId: string | null): ImageRecord => ({ fileName, jobId }) as ImageRecord;
const report = (findings: Finding[]): AuditReport =>
  ({ actorId: 'a', counts: {}, findings, isHealthy: findings.length === 0 }) as unknown as AuditReport;

describe('isJobAtWork', () => {
  it('is a queued job, or a processing one whose claim has not lapsed', () => {
    expect(isJobAtWork(job('j', 'queued', null), NOW)).toBe(true);
    expect(isJobAtWork(job('j', 'processing', NOW + 1000), NOW)).toBe(true);
    expect(isJobAtWork(job('j', 'processing', NOW - 1), NOW)).toBe(false);
    expect(isJobAtWork(job('j', 'completed', NOW + 1000), NOW)).toBe(false);
  });
});

describe('setAsideWorkInProgress', () => {
  const findings: Finding[] = [
    { kind: 'manifest_outdated', fileName: '0001_manifest.json' },
    { kind: 'missing_manifest_entry', fileName: 'a_3.jpg', imageId: 'img3' },
    { kind: 'missing_object', fileName: 'a_3.jpg', imageId: 'img3' },
    { kind: 'missing_file', fileName: 'a_1.jpg', imageId: 'img1' },
  ];
  const images = [image('a_3.jpg', 'running'), image('a_1.jpg', 'old')];

  it("sets aside the manifest being behind and the running job's own images, keeping every other finding", () => {
    const settled = setAsideWorkInProgress(report(findings), images, [job('running', 'processing', NOW + 1)]);
    expect(settled.inProgress.map((f) => f.kind)).toEqual([
      'manifest_outdated',
      'missing_manifest_entry',
      'missing_object',
    ]);
    expect(settled.report.findings).toEqual([findings[3]]);
    expect(settled.report.isHealthy).toBe(false);
  });

  it('is healthy when a running job explains everything, and changes nothing when no job runs', () => {
    const onlyJob = findings.slice(0, 3);
    const running = setAsideWorkInProgress(report(onlyJob), images, [job('running', 'processing', NOW + 1)]);
    expect(running.report.isHealthy).toBe(true);
    const idle = setAsideWorkInProgress(report(onlyJob), images, []);
    expect(idle.report.findings).toHaveLength(3);
    expect(idle.report.isHealthy).toBe(false);
    expect(idle.inProgress).toEqual([]);
  });
});
