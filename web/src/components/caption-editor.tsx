import { useEffect, useState } from 'react';
import { errorMessage } from '../api/client';
import { datasetApi, type CaptionListing, type ImageCaption } from '../api/dataset-client';
import { ErrorMessage } from './error-message';

const SOURCE_LABELS: Record<ImageCaption['source'], string> = {
  prompt: 'from its prompt, checked against the pixels',
  measured: 'from its type and pixels',
  imported: 'imported with the image',
  edited: 'edited',
};

interface CaptionEditorProps {
  actorId: string;
  trigger: string;
  captionClass: string;
  caption: ImageCaption;
  onSaved: (listing: CaptionListing) => void;
}

/** One image's caption: the trigger and class stay in front; the rest is the user's to edit. Also its pin. */
export function CaptionEditor({ actorId, trigger, captionClass, caption, onSaved }: CaptionEditorProps) {
  const [draft, setDraft] = useState(caption.body);
  const [error, setError] = useState<string | undefined>();
  const [isBusy, setIsBusy] = useState(false);
  useEffect(() => setDraft(caption.body), [caption.imageId, caption.body]);

  async function run(work: () => Promise<CaptionListing>): Promise<void> {
    setIsBusy(true);
    setError(undefined);
    try {
      onSaved(await work());
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setIsBusy(false);
    }
  }

  return (
    <section className="caption-editor" aria-label="Caption" data-testid="caption-editor">
      <label className="field">
        <span>
          Caption <span className="muted small">({SOURCE_LABELS[caption.source]})</span>
        </span>
        <span className="caption-line">
          <span className="mono caption-prefix">
            {trigger} {captionClass},
          </span>
          <textarea
            rows={2}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            data-testid="caption-input"
            aria-label="Caption after the trigger word and class"
          />
        </span>
      </label>
      <ErrorMessage message={error} />
      <div className="caption-actions">
        <button
          type="button"
          className="button"
          disabled={isBusy || draft === caption.body}
          onClick={() => void run(() => datasetApi.setCaption(actorId, caption.imageId, draft))}
          data-testid="caption-save"
        >
          Save caption
        </button>
        <button
          type="button"
          className="button"
          aria-pressed={caption.isPinned}
          disabled={isBusy}
          onClick={() => void run(() => datasetApi.setPinned(actorId, [caption.imageId], !caption.isPinned))}
          data-testid="pin-toggle"
        >
          {caption.isPinned ? 'Unpin' : 'Pin (the balancer keeps it)'}
        </button>
      </div>
    </section>
  );
}
