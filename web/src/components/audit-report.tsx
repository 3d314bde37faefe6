import { useEffect, useRef, useState, type ReactNode } from 'react';
import { api, errorMessage } from '../api/client';
import type { ActorAudit, AuditFinding, AuditRepair, RepairKind } from '../api/types';
import { plural } from '../format';
import type { Loaded } from '../use-load';
import { ErrorMessage } from './error-message';
import { AUDIT_REPORT_ID } from './health-badge';

const REPAIR_LABELS: Readonly<Record<RepairKind, string>> = {
  download: 'Re-download from the S3 mirror',
  upload: 'Re-upload to the S3 mirror',
  rewrite_manifest: 'Rewrite the manifest from the database',
};

interface AuditReportProps {
  actorId: string;
  audit: Loaded<ActorAudit>;
  onClose: () => void;
}

/** The audit: a count per source, what disagrees with the database, and a repair of what can be repaired. */
export function AuditReport({ actorId, audit, onClose }: AuditReportProps) {
  const section = useRef<HTMLElement>(null);
  const [repair, setRepair] = useState<AuditRepair | undefined>();
  const [repairError, setRepairError] = useState<string | undefined>();
  const [isRepairing, setIsRepairing] = useState(false);
  useEffect(() => {
    section.current?.focus();
    section.current?.scrollIntoView({ block: 'nearest' });
  }, []);

  const report = audit.data;
  // The outcome belongs to the report the repair returned; a later audit replaces both.
  const shownRepair = repair && repair.after === report ? repair : undefined;
  const repairable = report?.findings.filter((f) => f.repair !== null).length ?? 0;

  async function runRepair(): Promise<void> {
    setIsRepairing(true);
    setRepairError(undefined);
    try {
      const repaired = await api.repairActor(actorId);
      setRepair(repaired);
      audit.update(() => repaired.after);
    } catch (error) {
      setRepairError(errorMessage(error));
    } finally {
      setIsRepairing(false);
    }
  }

  return (
    <section
      ref={section}
      id={AUDIT_REPORT_ID}
      tabIndex={-1}
      className="card audit-report"
      aria-labelledby="audit-report-title"
      aria-busy={audit.isLoading || isRepairing}
      data-testid="audit-report"
      data-healthy={report ? String(report.isHealthy) : undefined}
      data-repaired={shownRepair ? 'true' : 'false'}
    >
      <div className="audit-report-header">
        <div>
          <h2 id="audit-report-title">Dataset audit</h2>
          <p className="small muted">
            The database is the truth; the manifest, the files on disk and the S3 mirror are compared with it.
          </p>
        </div>
        <div className="audit-report-actions">
          <button
            type="button"
            className="button small-button"
            onClick={audit.reload}
            disabled={audit.isLoading || isRepairing}
          >
            {audit.isLoading ? 'Checking…' : 'Check again'}
          </button>
          <button type="button" className="button small-button" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
      <ErrorMessage message={audit.error} />
      {report === undefined ? (
        !audit.error && <p className="muted">Checking the dataset…</p>
      ) : (
        <>
          {shownRepair && <RepairOutcome repair={shownRepair} />}
          <AuditCounts counts={report.counts} />
          {report.isHealthy ? (
            <p className="balance-ok">Everything matches: nothing to repair.</p>
          ) : (
            <FindingsTable findings={report.findings} />
          )}
          <ErrorMessage message={repairError} />
          {repairable > 0 && (
            <div className="audit-repair-bar">
              <p className="small muted">
                A repair copies from sound copies and rewrites the manifest; it never deletes anything.
              </p>
              <button
                type="button"
                className="button primary"
                data-testid="audit-repair"
                onClick={() => void runRepair()}
                disabled={isRepairing || audit.isLoading}
              >
                {isRepairing ? 'Repairing…' : `Repair ${plural(repairable, 'problem')}`}
              </button>
            </div>
          )}
        </>
      )}
    </section>
  );
}

function AuditCounts({ counts }: { counts: ActorAudit['counts'] }) {
  const sources: [string, string, boolean][] = [
    ['Database', plural(counts.rows, 'image'), true],
    [
      'Manifest',
      counts.manifestEntries === null ? 'unreadable' : plural(counts.manifestEntries, 'entry', 'entries'),
      counts.manifestEntries === counts.rows,
    ],
    ['Disk', plural(counts.diskFiles, 'file'), counts.diskFiles === counts.rows],
    [
      'S3',
      counts.s3Objects === null ? 'S3 mirror off' : plural(counts.s3Objects, 'object'),
      counts.s3Objects === null || counts.s3Objects === counts.rows,
    ],
  ];
  return (
    <dl className="audit-counts" data-testid="audit-counts">
      {sources.map(([name, value, isInStep]) => (
        <div key={name} className={isInStep ? undefined : 'is-off'} data-source={name.toLowerCase()}>
          <dt>{name}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function FindingsTable({ findings }: { findings: AuditFinding[] }) {
  return (
    <div className="table-scroll">
      <table className="data-table audit-findings">
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col">Problem</th>
            <th scope="col">What a repair does</th>
          </tr>
        </thead>
        <tbody>
          {findings.map((finding) => (
            <tr
              key={`${finding.kind}:${finding.fileName}`}
              data-testid="audit-finding"
              data-kind={finding.kind}
              data-repair={finding.repair ?? 'none'}
            >
              <th scope="row" className="audit-file">
                {finding.fileName}
              </th>
              <td>{finding.problem}</td>
              <td>
                {finding.repair ? (
                  <span className="rate rate-green">{REPAIR_LABELS[finding.repair]}</span>
                ) : (
                  <span className="small">
                    <strong>Left as is:</strong> {withCode(finding.leftBecause ?? '')}
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RepairOutcome({ repair }: { repair: AuditRepair }) {
  const left = repair.after.findings.length;
  return (
    <div className="audit-outcome" role="status" data-testid="audit-repair-result">
      <p>
        <strong>Repair done.</strong>{' '}
        {left === 0 ? 'Everything matches now.' : `${plural(left, 'problem')} left: see below.`}
      </p>
      <ul className="plain-list small">
        {repair.applied.map((action) => (
          <li key={`${action.kind}:${action.fileName}`} data-testid="audit-applied" data-kind={action.kind}>
            ✓ {REPAIR_LABELS[action.kind]}: <span className="mono">{action.fileName}</span>
          </li>
        ))}
        {repair.failed.map((action) => (
          <li key={`${action.kind}:${action.fileName}`} className="field-error" data-testid="audit-failed">
            ✗ {REPAIR_LABELS[action.kind]}: <span className="mono">{action.fileName}</span>: {action.reason}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Shows the `command` parts of a server message as code. */
function withCode(text: string): ReactNode[] {
  return text.split('`').map((part, index) => (index % 2 === 1 ? <code key={index}>{part}</code> : part));
}
