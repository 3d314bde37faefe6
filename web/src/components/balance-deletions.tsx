import { thumbnailUrl } from '../api/client';
import type { BalanceDeletion } from '../api/types';
import { plural, typeLabel } from '../format';
import { useState } from 'react';
import { DuplicateCompare } from './duplicate-compare';

/** The images the plan deletes, each with its thumbnail and the reasons. */
export function BalanceDeletions({ actorId, deletions }: { actorId: string; deletions: BalanceDeletion[] }) {
  const [comparing, setComparing] = useState<{ deletion: BalanceDeletion; keptFileName: string } | undefined>();
  if (deletions.length === 0) return null;
  return (
    <section className="balance-section" aria-label="Planned deletions">
      <h3>Delete {plural(deletions.length, 'image')}</h3>
      <ul className="balance-deletions">
        {deletions.map((deletion) => (
          <li
            key={deletion.imageId}
            className="balance-deletion"
            data-testid="balance-deletion"
            data-image-id={deletion.imageId}
          >
            <img
              src={thumbnailUrl(actorId, deletion.imageId)}
              alt={deletion.file}
              loading="lazy"
              width={56}
              height={56}
            />
            <div className="balance-deletion-details">
              <div className="balance-deletion-title">
                <span className="mono">{deletion.file}</span>
                <span className={`chip chip-${deletion.type ?? 'unknown'}`}>{typeLabel(deletion.type)}</span>
              </div>
              <ul className="plain-list small">
                {deletion.reasons.map((reason, index) => (
                  <li key={index} data-kind={reason.kind}>
                    {reason.text}
                    {reason.duplicateOf !== undefined && (
                      <>
                        {' '}
                        <button
                          type="button"
                          className="link-button"
                          onClick={() => setComparing({ deletion, keptFileName: reason.duplicateOf! })}
                          data-testid="compare-duplicate"
                        >
                          Compare side by side
                        </button>
                      </>
                    )}
                  </li>
                ))}
              </ul>
            </div>
          </li>
        ))}
      </ul>
      {comparing && (
        <DuplicateCompare
          actorId={actorId}
          imageId={comparing.deletion.imageId}
          fileName={comparing.deletion.file}
          keptFileName={comparing.keptFileName}
          onClose={() => setComparing(undefined)}
        />
      )}
    </section>
  );
}
