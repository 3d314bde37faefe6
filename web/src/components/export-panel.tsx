import { useState } from 'react';
import { errorMessage } from '../api/client';
import { downloadExport, EXPORT_FORMATS, type ExportFormat } from '../api/dataset-client';
import { ErrorMessage } from './error-message';

const FORMAT_LABELS: Record<ExportFormat, string> = {
  kohya: 'kohya_ss / sd-scripts (also fluxgym, OneTrainer)',
  'ai-toolkit': 'ai-toolkit',
  replicate: 'Replicate flux-dev-lora-trainer (zip, 10+ images)',
  jsonl: 'metadata.jsonl (musubi-tuner, diffusers)',
};

/** Downloads the set with its captions in a trainer's format, as one zip. */
export function ExportPanel({ actorId, trigger }: { actorId: string; trigger: string | undefined }) {
  const [format, setFormat] = useState<ExportFormat>('kohya');
  const [triggerWord, setTriggerWord] = useState('');
  const [repeats, setRepeats] = useState(10);
  const [maxSidePx, setMaxSidePx] = useState(1024);
  const [isSquare, setIsSquare] = useState(false);
  const [isIncludingFlagged, setIsIncludingFlagged] = useState(false);
  const [isBusy, setIsBusy] = useState(false);
  const [note, setNote] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();

  async function submit(): Promise<void> {
    setIsBusy(true);
    setError(undefined);
    setNote(undefined);
    try {
      const name = await downloadExport(actorId, {
        format,
        ...(triggerWord.trim() === '' ? {} : { trigger: triggerWord.trim() }),
        repeats,
        maxSidePx,
        isSquare,
        isIncludingFlagged,
      });
      setNote(`Downloaded ${name}.`);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setIsBusy(false);
    }
  }

  return (
    <details className="export-panel" data-testid="export-panel">
      <summary>Export for training</summary>
      <form
        className="export-form"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <label className="field">
          <span>Format</span>
          <select
            value={format}
            onChange={(e) => setFormat(e.target.value as ExportFormat)}
            data-testid="export-format"
          >
            {EXPORT_FORMATS.map((f) => (
              <option key={f} value={f}>
                {FORMAT_LABELS[f]}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Trigger word</span>
          <input
            value={triggerWord}
            placeholder={trigger ?? ''}
            onChange={(e) => setTriggerWord(e.target.value)}
            data-testid="export-trigger"
          />
        </label>
        <label className="field">
          <span>Repeats</span>
          <input
            type="number"
            min={1}
            max={1000}
            value={repeats}
            onChange={(e) => setRepeats(Number(e.target.value))}
          />
        </label>
        <label className="field">
          <span>Longest side (px, never upscaled)</span>
          <input
            type="number"
            min={256}
            max={8192}
            value={maxSidePx}
            onChange={(e) => setMaxSidePx(Number(e.target.value))}
          />
        </label>
        <label className="field inline">
          <input type="checkbox" checked={isSquare} onChange={(e) => setIsSquare(e.target.checked)} />
          <span>Crop square</span>
        </label>
        <label className="field inline">
          <input
            type="checkbox"
            checked={isIncludingFlagged}
            onChange={(e) => setIsIncludingFlagged(e.target.checked)}
          />
          <span>Include flagged images</span>
        </label>
        <button type="submit" className="button primary" disabled={isBusy} data-testid="export-submit">
          {isBusy ? 'Exporting…' : 'Download export'}
        </button>
      </form>
      {note && (
        <p className="small" role="status" data-testid="export-note">
          {note}
        </p>
      )}
      <ErrorMessage message={error} />
    </details>
  );
}
