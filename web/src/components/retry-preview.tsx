import { useEffect, useState } from 'react';
import { api, errorMessage, isAbort } from '../api/client';
import { IMAGE_TYPES, type JobPreview, type JobRequest } from '../api/types';
import { countOf, formatChance, formatElapsed, formatUsd, typeLabel } from '../format';
import type { RateColor } from './success-rate';
import { ErrorMessage } from './error-message';

const DEBOUNCE_MS = 300;

type PreviewState = { key: string; preview: JobPreview } | { key: string; error: string };

/** The retry plan the server would run for `request`, asked for again ~300 ms after every change. */
export function RetryPreview({
  request,
  problem,
  onLowOdds,
}: {
  request: JobRequest;
  problem: string | undefined;
  /** Told why the server would refuse to start this plan (null: it starts), each time a fresh preview arrives. */
  onLowOdds?: (reason: string | null) => void;
}) {
  const key = JSON.stringify(request);
  const [state, setState] = useState<PreviewState | undefined>();
  /** Bumped to ask for the plan again (after retired prompts are given back). */
  const [revision, setRevision] = useState(0);
  const lowOddsReason = state?.key === key && 'preview' in state ? state.preview.lowOddsReason : null;
  useEffect(() => onLowOdds?.(problem ? null : lowOddsReason), [lowOddsReason, problem, onLowOdds]);

  useEffect(() => {
    if (problem) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      api.previewJob(JSON.parse(key) as JobRequest, controller.signal).then(
        ({ preview }) => setState({ key, preview }),
        (error: unknown) => {
          if (!isAbort(error)) setState({ key, error: errorMessage(error) });
        },
      );
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [key, problem, revision]);

  const isStale = state?.key !== key;
  return (
    <section
      className={`card retry-preview${isStale ? ' is-stale' : ''}`}
      data-testid="retry-preview"
      aria-live="polite"
      aria-busy={isStale}
    >
      <h2>Retry plan</h2>
      {problem ? (
        <ErrorMessage message={problem} />
      ) : state === undefined ? (
        <p className="muted">Working out the plan…</p>
      ) : 'error' in state ? (
        <ErrorMessage message={state.error} />
      ) : (
        <PreviewDetails
          preview={state.preview}
          isAutoBudget={request.maxAttempts === undefined}
          onPromptsReset={() => setRevision((r) => r + 1)}
        />
      )}
    </section>
  );
}

function PreviewDetails({
  preview,
  isAutoBudget,
  onPromptsReset,
}: {
  preview: JobPreview;
  isAutoBudget: boolean;
  onPromptsReset: () => void;
}) {
  const isSimulated = preview.provider === 'sim';
  const options = Object.entries(preview.providerOptions).map(([name, value]) => `${name} ${value}`);
  const { odds } = preview;
  const color = oddsColor(odds.pReachN);
  return (
    <>
      <p className={`odds rate rate-${color}`} data-testid="preview-odds" data-color={color}>
        <strong>{formatChance(odds.pReachN)}</strong> chance of reaching {countOf(preview.requestedImages, 'image')}
      </p>
      {preview.lowOddsReason !== null && (
        <p className="start-blocked small" role="alert" data-testid="preview-low-odds">
          {preview.lowOddsReason}
        </p>
      )}
      <dl className="facts">
        <dt>Images</dt>
        <dd>
          <strong>{preview.requestedImages}</strong>
          <ul className="plain-list small">
            {IMAGE_TYPES.map((type) => (
              <li key={type}>
                {typeLabel(type)}: {preview.typeTargets[type]}
              </li>
            ))}
          </ul>
        </dd>
        <dt>Max attempts</dt>
        <dd data-testid="preview-max-attempts">
          {preview.maxAttempts}
          {isAutoBudget && preview.mode !== 'thrifty' ? ' (auto: 99% odds)' : ''}
          <span className="muted small"> · seed cap {preview.defaultMaxAttempts}</span>
        </dd>
        <dt>Ceiling</dt>
        <dd data-testid="preview-ceiling">
          {odds.ceilingAttempts === null || odds.ceilingCostUsd === null ? (
            `${preview.maxAttempts} attempts`
          ) : (
            <>
              at most {odds.ceilingAttempts} attempts, {formatUsd(odds.ceilingCostUsd)}
              <div className="muted small">
                a lower success rate than expected makes the job go on up to this, never past it
              </div>
            </>
          )}
        </dd>
        <dt>Expected attempts</dt>
        <dd data-testid="preview-expected-attempts">
          {odds.expectedAttempts.toFixed(1)}, {formatUsd(odds.expectedCostUsd)}{' '}
          <span className="muted">
            (90%: {odds.attemptsP05}–{odds.attemptsP95})
          </span>
        </dd>
        <dt>Expected time</dt>
        <dd data-testid="preview-expected-time">
          about {formatElapsed(odds.expectedWallSeconds * 1000)}{' '}
          <span className="muted">(95%: under {formatElapsed(odds.wallP95Seconds * 1000)})</span>
        </dd>
        <dt>Mode</dt>
        <dd data-testid="preview-mode">
          {preview.mode}, {preview.concurrency} at once
        </dd>
        <dt>Success rate</dt>
        <dd data-testid="preview-success-rate">
          {formatChance(preview.expectedSuccessRate)}{' '}
          <span className="muted">
            {preview.observedAttempts > 0
              ? `(learned from ${countOf(preview.observedAttempts, 'attempt')})`
              : '(a typical rate: nothing learned yet)'}
          </span>
        </dd>
        <dt>Provider</dt>
        <dd>
          {preview.provider}
          {options.length > 0 && <span className="muted"> ({options.join(', ')})</span>}
        </dd>
        <dt>Price per image</dt>
        <dd>{formatUsd(preview.priceUsd)}</dd>
        <dt>Estimated cost</dt>
        <dd data-testid="preview-cost">
          {formatCostRange(preview.estimatedCostUsd)}
          {isSimulated && <span className="muted"> (simulated: sim costs nothing)</span>}
          <div className="muted small">
            {formatUsd(odds.costRangeUsd.p05)}–{formatUsd(odds.costRangeUsd.p95)} if every attempt were billed
          </div>
        </dd>
        <dt>Cost cap</dt>
        <dd>{preview.costCapUsd === null ? 'none' : formatUsd(preview.costCapUsd)}</dd>
      </dl>
      {preview.retiredPrompts.length > 0 && <RetiredPrompts preview={preview} onReset={onPromptsReset} />}
      <p className="small muted">
        Failed attempts are retried until the job has {countOf(preview.requestedImages, 'image')} or has used{' '}
        {countOf(preview.maxAttempts, 'attempt')}
        {preview.costCapUsd === null ? '' : ', or would spend more than the cap'}
        {preview.earlyStopBelow > 0
          ? `; it stops early if the chance of reaching ${preview.requestedImages} falls below ${formatChance(preview.earlyStopBelow)}`
          : ''}
        .
      </p>
    </>
  );
}

/** Green when the job will almost surely get there, red when it probably will not. */
function oddsColor(probability: number): RateColor {
  if (probability >= 0.95) return 'green';
  if (probability >= 0.5) return 'yellow';
  return 'red';
}

function formatCostRange({ min, max }: { min: number; max: number }): string {
  return min === max ? formatUsd(min) : `${formatUsd(min)} – ${formatUsd(max)}`;
}

/** The prompts retired for the actor on this provider, and a button that gives them back. */
function RetiredPrompts({ preview, onReset }: { preview: JobPreview; onReset: () => void }) {
  const [error, setError] = useState<string | undefined>();
  const [isBusy, setBusy] = useState(false);
  const giveBack = () => {
    setBusy(true);
    setError(undefined);
    api
      .resetPrompts(preview.actorId, { provider: preview.provider, scenario: preview.providerOptions.scenario })
      .then(onReset, (e: unknown) => setError(errorMessage(e)))
      .finally(() => setBusy(false));
  };
  return (
    <div className="small" data-testid="preview-retired-prompts">
      <p>
        Retired for this actor on this provider (the content filter refused them again and again):{' '}
        {preview.retiredPrompts.join(', ')}{' '}
        <button
          type="button"
          className="button small-button"
          onClick={giveBack}
          disabled={isBusy}
          data-testid="reset-prompts"
        >
          Give them back
        </button>
      </p>
      {error && <ErrorMessage message={error} />}
    </div>
  );
}
