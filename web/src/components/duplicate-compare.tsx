import { useEffect, useRef } from 'react';
import { api } from '../api/client';
import { useLoad } from '../use-load';
import { ErrorMessage } from './error-message';

interface DuplicateCompareProps {
  actorId: string;
  /** The copy the plan deletes. */
  imageId: string;
  fileName: string;
  /** The file name of the copy the plan keeps. */
  keptFileName: string;
  onClose: () => void;
}

/** A duplicate pair of the balance plan at full size, side by side: the one deleted and the one kept. */
export function DuplicateCompare({ actorId, imageId, fileName, keptFileName, onClose }: DuplicateCompareProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const images = useLoad((signal) => api.listImages(actorId, {}, signal).then((r) => r.images), actorId);
  const deleted = images.data?.find((i) => i.id === imageId);
  const kept = images.data?.find((i) => i.fileName === keptFileName);

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);

  return (
    <dialog
      ref={dialog}
      className="dialog duplicate-compare"
      aria-label={`${fileName} beside ${keptFileName}`}
      data-testid="duplicate-compare"
      onClose={(event) => event.target === event.currentTarget && onClose()}
    >
      <ErrorMessage message={images.error} />
      <div className="duplicate-pair">
        {[
          { label: 'Deleted', name: fileName, image: deleted },
          { label: 'Kept', name: keptFileName, image: kept },
        ].map(({ label, name, image }) => (
          <figure key={label}>
            {image ? (
              <img src={image.url} alt={name} width={image.width} height={image.height} />
            ) : (
              <p className="muted">{images.isLoading ? 'Loading…' : `${name} is no longer in the set.`}</p>
            )}
            <figcaption>
              <strong>{label}:</strong> <span className="mono">{name}</span>
              {image && (
                <span className="small muted">
                  {' '}
                  {image.width}×{image.height} px
                </span>
              )}
            </figcaption>
          </figure>
        ))}
      </div>
      <button type="button" className="button" onClick={onClose}>
        Close
      </button>
    </dialog>
  );
}
