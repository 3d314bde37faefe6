import { useEffect, useState } from 'react';
import { api, errorMessage, isAbort } from '../api/client';
import { IMAGE_TYPES, type JobPreview, type JobRequest } from '../api/types';
import { formatUsd, typeLabel } from '../format';
import { ErrorMessage } from './error-message';

const DEBOUNCE_MS = 300;

type PreviewState = { key: string; preview: JobPreview } | { key: string; error: string };

/** The retry plan the server would run for `request`, asked for again ~300 ms after every change. */
export function RetryPreview({ request, problem }: { request: JobRequest; problem: string | undefined }) {
  const key = JSON.stringify(request);
  const [state, setState] = useState<PreviewState | undefined>();

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
  }, [key, problem]);

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
        <PreviewDetails preview={state.preview} />
      )}
    </section>
  );
}

function PreviewDetails({ preview }: { preview: JobPreview }) {
  const isSimulated = preview.provider === 'sim';
  const options = Object.entries(preview.providerOptions).map(([name, value]) => `${name} ${value}`);
  return (
    <>
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
          {preview.maxAttempts === preview.defaultMaxAttempts
            ? ' (default)'
            : ` (default ${preview.defaultMaxAttempts})`}
        </dd>
        <dt>Concurrency</dt>
        <dd>{preview.concurrency} at once</dd>
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
        </dd>
        <dt>Cost cap</dt>
        <dd>{preview.costCapUsd === null ? 'none' : formatUsd(preview.costCapUsd)}</dd>
      </dl>
      <p className="small muted">
        Failed attempts are retried until the job has {preview.requestedImages} images or has used {preview.maxAttempts}{' '}
        attempts{preview.costCapUsd === null ? '' : ', or would spend more than the cap'}.
      </p>
    </>
  );
}

function formatCostRange({ min, max }: { min: number; max: number }): string {
  return min === max ? formatUsd(min) : `${formatUsd(min)} – ${formatUsd(max)}`;
}
