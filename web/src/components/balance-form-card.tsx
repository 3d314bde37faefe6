import type { FormEvent } from 'react';
import type { ServerConfig } from '../api/types';
import type { BalanceForm } from '../state/balance-form';
import { ErrorMessage } from './error-message';
import { ProviderFields } from './provider-fields';

interface BalanceFormCardProps {
  config: ServerConfig;
  form: BalanceForm;
  problem: string | undefined;
  isPlanning: boolean;
  onChange: (change: Partial<BalanceForm>) => void;
  onPlan: () => void;
}

/** What to balance towards and how: the Plan button asks the server for a dry run. */
export function BalanceFormCard({ config, form, problem, isPlanning, onChange, onPlan }: BalanceFormCardProps) {
  function submit(event: FormEvent): void {
    event.preventDefault();
    onPlan();
  }

  return (
    <form className="card form balance-form" onSubmit={submit} noValidate>
      <h2>Balance the set</h2>
      <p className="small muted">
        Finds broken, duplicate and off-type images, plans which to delete, and tops every type up to its target.
      </p>
      <label className="field">
        <span>Target</span>
        <input
          type="text"
          value={form.target}
          placeholder="Default: the set's size, split 15/11/9"
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => onChange({ target: e.target.value })}
          data-testid="balance-target-input"
        />
        <small className="muted">
          A mix such as <code>photorealistic=15,bw_stylized=8,color_stylized=7</code>, or a total such as{' '}
          <code>40</code>.
        </small>
      </label>
      <label className="field">
        <span>Max deletions (optional)</span>
        <input
          type="number"
          min={0}
          value={form.isTopUpOnly ? '' : form.maxDelete}
          placeholder={form.isTopUpOnly ? 'None: only topping up' : 'No limit'}
          disabled={form.isTopUpOnly}
          onChange={(e) => onChange({ maxDelete: e.target.value })}
          data-testid="balance-max-delete-input"
        />
        <small className="muted">Worst problems go first.</small>
      </label>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={form.isTopUpOnly}
          onChange={(e) => onChange({ isTopUpOnly: e.target.checked })}
          data-testid="balance-no-delete"
        />
        Only top up (delete nothing)
      </label>
      <div className="field-row">
        <ProviderFields config={config} provider={form.provider} scenario={form.scenario} onChange={onChange} />
      </div>
      <ErrorMessage message={problem} />
      <button type="submit" className="button primary wide" disabled={isPlanning} data-testid="balance-plan-button">
        {isPlanning ? 'Planning…' : 'Plan'}
      </button>
    </form>
  );
}
