import { useState } from 'react';
import { errorMessage } from '../api/client';
import { datasetApi, type CaptionListing } from '../api/dataset-client';
import { plural } from '../format';
import { ConfirmDialog } from './confirm-dialog';
import { ErrorMessage } from './error-message';

interface SelectionBarProps {
  actorId: string;
  selected: string[];
  onClear: () => void;
  onListing: (listing: CaptionListing) => void;
  onDeleted: (imageIds: string[]) => void;
}

/** What can be done to the images picked in the gallery: pin, unpin, delete, and find-and-replace in their captions. */
export function DatasetSelectionBar({ actorId, selected, onClear, onListing, onDeleted }: SelectionBarProps) {
  const [find, setFind] = useState('');
  const [replace, setReplace] = useState('');
  const [note, setNote] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [isConfirming, setIsConfirming] = useState(false);
  const scope = selected.length > 0 ? plural(selected.length, 'selected image') : 'every image';

  async function run(work: () => Promise<void>): Promise<void> {
    setError(undefined);
    setNote(undefined);
    try {
      await work();
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }

  return (
    <section className="selection-bar" aria-label="Selected images" data-testid="selection-bar">
      <div className="selection-actions">
        <span data-testid="selection-count">{selected.length} selected</span>
        <button
          type="button"
          className="button"
          disabled={selected.length === 0}
          onClick={() => void run(async () => onListing(await datasetApi.setPinned(actorId, selected, true)))}
          data-testid="pin-selected"
        >
          Pin
        </button>
        <button
          type="button"
          className="button"
          disabled={selected.length === 0}
          onClick={() => void run(async () => onListing(await datasetApi.setPinned(actorId, selected, false)))}
        >
          Unpin
        </button>
        <button
          type="button"
          className="button danger-outline"
          disabled={selected.length === 0}
          onClick={() => setIsConfirming(true)}
          data-testid="delete-selected"
        >
          Delete
        </button>
        <button type="button" className="button" disabled={selected.length === 0} onClick={onClear}>
          Clear selection
        </button>
      </div>
      <form
        className="find-replace"
        onSubmit={(event) => {
          event.preventDefault();
          void run(async () => {
            const ids = selected.length > 0 ? selected : undefined;
            const answer = await datasetApi.replaceInCaptions(actorId, { find, replace, imageIds: ids });
            onListing(answer);
            setNote(`Changed ${plural(answer.changed, 'caption')}.`);
          });
        }}
      >
        <label className="field inline">
          <span>Find</span>
          <input value={find} onChange={(e) => setFind(e.target.value)} data-testid="find-input" />
        </label>
        <label className="field inline">
          <span>Replace with</span>
          <input value={replace} onChange={(e) => setReplace(e.target.value)} data-testid="replace-input" />
        </label>
        <button type="submit" className="button" disabled={find.length === 0} data-testid="replace-submit">
          Replace in the captions of {scope}
        </button>
      </form>
      {note && (
        <p className="small" role="status" data-testid="replace-note">
          {note}
        </p>
      )}
      <ErrorMessage message={error} />
      {isConfirming && (
        <ConfirmDialog
          title={`Delete ${plural(selected.length, 'image')}?`}
          confirmLabel="Delete images"
          onClose={() => setIsConfirming(false)}
          onConfirm={async () => {
            const done: string[] = [];
            try {
              for (const id of selected) {
                await datasetApi.deleteImage(actorId, id);
                done.push(id);
              }
            } finally {
              if (done.length > 0) onDeleted(done);
            }
            setIsConfirming(false);
          }}
        >
          <p>The files are removed from the training set and the manifest, pinned or not. It cannot be undone.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
