interface ProgressBarProps {
  label: string;
  value: number;
  max: number;
  testId: string;
  tone?: 'accent' | 'neutral';
}

export function ProgressBar({ label, value, max, testId, tone = 'accent' }: ProgressBarProps) {
  const percent = max > 0 ? Math.min(100, (value / max) * 100) : 0;
  return (
    <div className={`progress progress-${tone}`} data-testid={testId} data-value={value} data-max={max}>
      <div className="progress-label">
        <span>{label}</span>
        <span className="progress-count">
          {value}/{max}
        </span>
      </div>
      <div
        className="progress-track"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={max}
        aria-valuenow={value}
        aria-valuetext={`${label} ${value} of ${max}`}
      >
        <div className="progress-fill" style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}
