import type { ActorAudit } from '../api/types';
import { plural } from '../format';
import type { Loaded } from '../use-load';

export const AUDIT_REPORT_ID = 'audit-report';

interface HealthBadgeProps {
  audit: Loaded<ActorAudit>;
  isOpen: boolean;
  onToggle: () => void;
}

/** "Healthy" or "N problems" from the dataset audit; opens the audit report. */
export function HealthBadge({ audit, isOpen, onToggle }: HealthBadgeProps) {
  const { data } = audit;
  const [label, color] = data
    ? data.isHealthy
      ? ['Healthy', 'green']
      : [plural(data.findings.length, 'problem'), 'red']
    : audit.error
      ? ['Audit failed', 'red']
      : ['Checking…', 'none'];
  return (
    <button
      type="button"
      className={`rate rate-${color} health-badge`}
      data-testid="health-badge"
      data-healthy={data ? String(data.isHealthy) : undefined}
      aria-busy={audit.isLoading}
      aria-expanded={isOpen}
      aria-controls={AUDIT_REPORT_ID}
      title="Dataset audit: the database, the manifest, the files on disk and the S3 mirror compared"
      onClick={onToggle}
    >
      {label}
    </button>
  );
}
