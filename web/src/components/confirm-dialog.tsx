import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { errorMessage } from '../api/client';
import { ErrorMessage } from './error-message';

interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  /** Does the work; the dialog shows its error and stays open when it throws. The parent closes it on success. */
  onConfirm: () => Promise<void>;
  onClose: () => void;
}

/**
 * A modal question (native <dialog>: focus stays inside, Escape cancels). Mount it to open it; `onClose` runs when
 * the browser closes it (Escape), and the parent unmounts it.
 */
export function ConfirmDialog({ title, children, confirmLabel, onConfirm, onClose }: ConfirmDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [isBusy, setIsBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);

  async function confirm(): Promise<void> {
    setIsBusy(true);
    setError(undefined);
    try {
      await onConfirm();
    } catch (caught) {
      setError(errorMessage(caught));
      setIsBusy(false);
    }
  }

  return (
    <dialog
      ref={dialog}
      className="dialog confirm-dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        if (isBusy) event.preventDefault();
      }}
      onClose={(event) => {
        event.stopPropagation();
        onClose();
      }}
    >
      <h2 id={titleId}>{title}</h2>
      <div className="dialog-body">{children}</div>
      <ErrorMessage message={error} />
      <div className="form-actions">
        <button type="button" className="button" onClick={onClose} disabled={isBusy} autoFocus>
          Cancel
        </button>
        <button
          type="button"
          className="button danger"
          onClick={() => void confirm()}
          disabled={isBusy}
          data-testid="confirm-yes"
        >
          {isBusy ? 'Working…' : confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
