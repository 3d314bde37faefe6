import type { ServerConfig } from '../api/types';

interface ProviderFieldsProps {
  config: ServerConfig;
  provider: string;
  scenario: string;
  onChange: (change: { provider?: string; scenario?: string }) => void;
}

/** The image provider, and the sim's success scenario when the provider is sim: two cells of a `.field-row`. */
export function ProviderFields({ config, provider, scenario, onChange }: ProviderFieldsProps) {
  return (
    <>
      <label className="field">
        <span>Provider</span>
        <select value={provider} onChange={(e) => onChange({ provider: e.target.value })} data-testid="provider-select">
          {config.providers.map((name) => (
            <option key={name} value={name}>
              {name === 'sim' ? 'sim (simulated, free)' : name}
            </option>
          ))}
        </select>
      </label>
      {provider === 'sim' && (
        <label className="field">
          <span>Scenario</span>
          <select
            value={scenario}
            onChange={(e) => onChange({ scenario: e.target.value })}
            data-testid="scenario-select"
          >
            {config.scenarios.map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
        </label>
      )}
    </>
  );
}
