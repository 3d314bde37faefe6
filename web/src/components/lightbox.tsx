import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { api } from '../api/client';
import type { ActorImage } from '../api/types';
import { formatBytes, formatDateTime, typeLabel } from '../format';
import { ConfirmDialog } from './confirm-dialog';

interface LightboxProps {
  actorId: string;
  images: ActorImage[];
  index: number;
  onNavigate: (index: number) => void;
  onClose: () => void;
  onDeleted: (image: ActorImage) => void;
  /** Extra details for the shown image (the identity check's face comparison). */
  renderDetails?: (image: ActorImage) => ReactNode;
}

/** One image at full size with its details: ← and → step through the set, Escape closes. */
export function Lightbox({ actorId, images, index, onNavigate, onClose, onDeleted, renderDetails }: LightboxProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [isConfirming, setIsConfirming] = useState(false);
  const image = images[index];

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);

  function onKeyDown(event: KeyboardEvent): void {
    if (isConfirming) return;
    if (event.key === 'ArrowLeft' && index > 0) onNavigate(index - 1);
    else if (event.key === 'ArrowRight' && index < images.length - 1) onNavigate(index + 1);
  }

  if (!image) return null;
  return (
    <>
      <dialog
        ref={dialog}
        className="dialog lightbox"
        aria-label={`Image ${image.fileName}`}
        data-testid="lightbox"
        onKeyDown={onKeyDown}
        onClose={(event) => event.target === event.currentTarget && onClose()}
        onClick={(event) => event.target === event.currentTarget && onClose()}
      >
        <div className="lightbox-image">
          <img src={image.url} alt={image.prompt ?? image.fileName} width={image.width} height={image.height} />
        </div>
        <aside className="lightbox-details">
          <h2 className="mono">{image.fileName}</h2>
          <dl className="facts">
            <dt>Number</dt>
            <dd>{image.number ?? '—'}</dd>
            <dt>Type</dt>
            <dd>{typeLabel(image.type)}</dd>
            <dt>Generated</dt>
            <dd>
              {formatDateTime(image.generatedAt)} by {image.generatedBy}
            </dd>
            <dt>Size</dt>
            <dd>
              {image.width}×{image.height} px, {formatBytes(image.sizeBytes)}
            </dd>
            <dt>Job</dt>
            <dd className="mono small">{image.jobId ?? '—'}</dd>
            <dt>Prompt</dt>
            <dd className="small">
              {image.promptId && <span className="mono">{image.promptId}: </span>}
              {image.prompt ?? '—'}
            </dd>
          </dl>
          {renderDetails?.(image)}
          <p className="small muted">
            {index + 1} of {images.length}
          </p>
          <div className="lightbox-actions">
            <button
              type="button"
              className="button"
              onClick={() => onNavigate(index - 1)}
              disabled={index === 0}
              aria-label="Previous image"
            >
              ← Prev
            </button>
            <button
              type="button"
              className="button"
              onClick={() => onNavigate(index + 1)}
              disabled={index >= images.length - 1}
              aria-label="Next image"
            >
              Next →
            </button>
            <a className="button" href={image.url} download={image.fileName} data-testid="download-original">
              Download original
            </a>
            <button
              type="button"
              className="button danger-outline"
              onClick={() => setIsConfirming(true)}
              data-testid="delete-image"
            >
              Delete
            </button>
            <button type="button" className="button" onClick={onClose}>
              Close
            </button>
          </div>
        </aside>
      </dialog>
      {isConfirming && (
        <ConfirmDialog
          title={`Delete ${image.fileName}?`}
          confirmLabel="Delete image"
          onClose={() => setIsConfirming(false)}
          onConfirm={async () => {
            await api.deleteImage(actorId, image.id);
            setIsConfirming(false);
            onDeleted(image);
          }}
        >
          <p>The file is removed from the training set and the manifest. It cannot be undone.</p>
        </ConfirmDialog>
      )}
    </>
  );
}
