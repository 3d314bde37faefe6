import { VERDICTS, VERDICT_LABELS, type ImageVerdict, type Verdict } from './identity-api';

export type VerdictFilterValue = 'all' | Verdict;

/** Filters the Dataset tab by identity verdict; only verdicts present in the set get a button. */
export function VerdictFilter({
  verdicts,
  value,
  onChange,
}: {
  verdicts: readonly (ImageVerdict | undefined)[];
  value: VerdictFilterValue;
  onChange: (value: VerdictFilterValue) => void;
}) {
  const count = (kind: Verdict) => verdicts.filter((v) => v?.verdict === kind).length;
  const present = VERDICTS.filter((kind) => count(kind) > 0 || value === kind);
  if (present.length === 0) return null;
  return (
    <div className="segmented" role="group" aria-label="Filter by identity" data-testid="verdict-filter">
      <button type="button" className="segment" aria-pressed={value === 'all'} onClick={() => onChange('all')}>
        Any face
      </button>
      {present.map((kind) => (
        <button
          key={kind}
          type="button"
          className="segment"
          aria-pressed={value === kind}
          data-verdict={kind}
          onClick={() => onChange(kind)}
        >
          {VERDICT_LABELS[kind]} <span className="count">{count(kind)}</span>
        </button>
      ))}
    </div>
  );
}
