import './identity.css';
import { VERDICT_LABELS, type ImageVerdict } from './identity-api';

/** The verdict on a thumbnail: a coloured label, the distance in its tooltip. */
export function IdentityBadge({ verdict }: { verdict: ImageVerdict | undefined }) {
  if (verdict === undefined) return null;
  return (
    <span
      className={`identity-badge verdict-${verdict.verdict}`}
      title={verdict.text}
      data-testid="identity-badge"
      data-verdict={verdict.verdict}
    >
      {VERDICT_LABELS[verdict.verdict]}
      {verdict.distance !== null && <span className="identity-distance"> {verdict.distance.toFixed(2)}</span>}
    </span>
  );
}
