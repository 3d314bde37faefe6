import { IMAGE_TYPES, type BalancePlan, type ImageType } from '../api/types';
import { typeLabel } from '../format';
import { describeMeasurements, describeTopUp, sumCounts } from '../state/balance-summary';
import { BalanceDeletions } from './balance-deletions';

interface BalancePlanCardProps {
  actorId: string;
  plan: BalancePlan;
  priceUsd: number;
  isLoading: boolean;
  /** Why Execute is unavailable although the plan has work to do, or undefined. */
  executeBlocker: string | undefined;
  onExecute: () => void;
}

/** The dry run: counts per type, the deletions, the top-up and its cost, and the Execute button. */
export function BalancePlanCard({
  actorId,
  plan,
  priceUsd,
  isLoading,
  executeBlocker,
  onExecute,
}: BalancePlanCardProps) {
  return (
    <section
      className={`card balance-plan${isLoading ? ' is-stale' : ''}`}
      data-testid="balance-plan"
      data-balanced={String(plan.isBalanced)}
      aria-busy={isLoading}
      aria-labelledby="balance-plan-title"
    >
      <h2 id="balance-plan-title">Plan</h2>
      <p className="small muted" data-testid="balance-measured">
        {describeMeasurements(plan)} A dry run: nothing changes until you execute it.
      </p>
      <CountsTable plan={plan} />
      {plan.isBalanced && (
        <p className="balance-ok" data-testid="balance-balanced">
          The set is balanced: nothing to do.
        </p>
      )}
      <BalanceDeletions actorId={actorId} deletions={plan.deletions} />
      {plan.keptDespiteDefects.length > 0 && (
        <p className="small muted" data-testid="balance-kept">
          Kept despite problems (max deletions or only topping up): {plan.keptDespiteDefects.join(', ')}
        </p>
      )}
      {!plan.isBalanced && (
        <p className="balance-cost" data-testid="balance-cost">
          {describeTopUp(plan, priceUsd)}
          {plan.provider === 'sim' && sumCounts(plan.generate) > 0 && (
            <span className="muted"> (simulated: sim costs nothing)</span>
          )}
        </p>
      )}
      {executeBlocker && !plan.isBalanced && <p className="small muted">{executeBlocker}</p>}
      <div className="form-actions">
        <button
          type="button"
          className="button primary"
          onClick={onExecute}
          disabled={plan.isBalanced || isLoading || executeBlocker !== undefined}
          data-testid="balance-execute"
        >
          Execute…
        </button>
      </div>
    </section>
  );
}

type Row = ImageType | 'unknown';

function CountsTable({ plan }: { plan: BalancePlan }) {
  const rows: Row[] = [...IMAGE_TYPES];
  if (plan.before.unknown > 0 || plan.after.unknown > 0) rows.push('unknown');
  const total = (counts: Record<ImageType, number> & { unknown?: number }) => sumCounts(counts) + (counts.unknown ?? 0);
  return (
    <div className="table-scroll">
      <table className="data-table" data-testid="balance-table">
        <thead>
          <tr>
            <th scope="col">Type</th>
            <th scope="col" className="num">
              Now
            </th>
            <th scope="col" className="num">
              After deletions
            </th>
            <th scope="col" className="num">
              Target
            </th>
            <th scope="col" className="num">
              Generate
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row} data-testid="balance-row" data-type={row}>
              <th scope="row">{row === 'unknown' ? 'Unknown type' : typeLabel(row)}</th>
              <td className="num" data-col="now">
                {plan.before[row]}
              </td>
              <td className="num" data-col="after">
                {plan.after[row]}
              </td>
              <td className="num" data-col="target">
                {row === 'unknown' ? '—' : (plan.target[row] ?? 'as is')}
              </td>
              <td className="num" data-col="generate">
                {row === 'unknown' ? '—' : plan.generate[row]}
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            <td className="num">{total(plan.before)}</td>
            <td className="num">{total(plan.after)}</td>
            <td className="num">
              {IMAGE_TYPES.reduce((sum, type) => sum + (plan.target[type] ?? plan.after[type]), 0)}
            </td>
            <td className="num">{sumCounts(plan.generate)}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
