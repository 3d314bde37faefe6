import { useState, type FormEvent } from 'react';
import { api, errorMessage } from '../api/client';
import type { Job, ServerConfig } from '../api/types';
import {
  defaultMaxAttempts,
  formProblem,
  initialForm,
  requestedImages,
  toJobRequest,
  type GenerateForm,
} from '../state/generate-form';
import { useLoad } from '../use-load';
import { ErrorMessage } from './error-message';
import { ProviderFields } from './provider-fields';
import { RetryPreview } from './retry-preview';
import { TypeMixFields } from './type-mix-fields';

const MODE_HINTS: Record<GenerateForm['mode'], string> = {
  fast: 'Keeps spare attempts in flight when waiting costs more',
  thrifty: 'Never more in flight than images still missing',
  seed: 'One at a time, with the seed’s cap',
};

export function GenerateTab({ actorId, onStarted }: { actorId: string; onStarted: (job: Job) => void }) {
  const config = useLoad((signal) => api.getConfig(signal), 'config');
  if (!config.data)
    return config.isLoading ? <p className="muted">Loading settings…</p> : <ErrorMessage message={config.error} />;
  return <GenerateSettings actorId={actorId} config={config.data} onStarted={onStarted} />;
}

function GenerateSettings({
  actorId,
  config,
  onStarted,
}: {
  actorId: string;
  config: ServerConfig;
  onStarted: (job: Job) => void;
}) {
  const [form, setForm] = useState<GenerateForm>(() => initialForm(config));
  const [isStarting, setIsStarting] = useState(false);
  const [startError, setStartError] = useState<string | undefined>();
  const [lowOddsReason, setLowOddsReason] = useState<string | null>(null);
  const set = (change: Partial<GenerateForm>): void => setForm((current) => ({ ...current, ...change }));
  const request = toJobRequest(actorId, form);
  const problem = formProblem(form);
  const seedMaxAttempts = defaultMaxAttempts(requestedImages(form));

  async function start(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (problem) return setStartError(problem);
    setIsStarting(true);
    setStartError(undefined);
    try {
      onStarted((await api.createJob(request)).job);
    } catch (error) {
      setStartError(errorMessage(error));
      setIsStarting(false);
    }
  }

  return (
    <form className="generate-layout" onSubmit={(e) => void start(e)} noValidate>
      <div className="card form">
        <h2>Generate training images</h2>
        <div className="field-row">
          <label className="field">
            <span>Images to make</span>
            <input
              type="number"
              min={1}
              max={config.maxImagesPerJob}
              value={form.isAutoSplit ? form.count : String(requestedImages(form))}
              disabled={!form.isAutoSplit}
              onChange={(e) => set({ count: e.target.value })}
              data-testid="count-input"
            />
          </label>
          <label className="field">
            <span>Max attempts</span>
            <input
              type="number"
              min={1}
              value={form.maxAttempts}
              placeholder={form.mode === 'seed' ? String(seedMaxAttempts) : 'Auto'}
              onChange={(e) => set({ maxAttempts: e.target.value })}
              data-testid="max-attempts-input"
            />
            <small className="muted">
              {form.mode === 'seed'
                ? `The seed's min(2N+3, 25) = ${seedMaxAttempts}`
                : 'Auto: enough for 99% odds of reaching the count'}
            </small>
          </label>
        </div>
        <TypeMixFields form={form} onChange={set} />
        <div className="field-row">
          <ProviderFields config={config} provider={form.provider} scenario={form.scenario} onChange={set} />
        </div>
        <div className="field-row">
          <label className="field">
            <span>Concurrency</span>
            <input
              type="number"
              min={1}
              max={config.maxConcurrency}
              value={form.concurrency}
              placeholder={String(config.defaultConcurrency)}
              onChange={(e) => set({ concurrency: e.target.value })}
            />
            <small className="muted">Attempts in flight at once, 1–{config.maxConcurrency}</small>
          </label>
          <label className="field">
            <span>Mode</span>
            <select
              value={form.mode}
              onChange={(e) => set({ mode: e.target.value as GenerateForm['mode'] })}
              data-testid="mode-select"
            >
              <option value="fast">Fast</option>
              <option value="thrifty">Thrifty</option>
              <option value="seed">Seed</option>
            </select>
            <small className="muted">{MODE_HINTS[form.mode]}</small>
          </label>
        </div>
        <div className="field-row">
          <label className="field">
            <span>Cost cap (USD, optional)</span>
            <input
              type="number"
              min={0}
              step={0.01}
              value={form.costCapUsd}
              placeholder="No cap"
              data-testid="cost-cap-input"
              onChange={(e) => set({ costCapUsd: e.target.value })}
            />
          </label>
        </div>
      </div>
      <div className="generate-side">
        <RetryPreview request={request} problem={problem} onLowOdds={setLowOddsReason} />
        <ErrorMessage message={startError} />
        {lowOddsReason !== null && (
          <p className="start-blocked small" data-testid="start-blocked">
            Start is off: {lowOddsReason}
          </p>
        )}
        <button
          type="submit"
          className="button primary wide"
          disabled={isStarting || lowOddsReason !== null}
          title={lowOddsReason ?? undefined}
          data-testid="start-generation"
        >
          {isStarting ? 'Starting…' : 'Start generation'}
        </button>
      </div>
    </form>
  );
}
