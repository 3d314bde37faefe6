import { thumbnailUrl } from '../api/client';
import type { BalanceDeletion } from '../api/types';
import { plural, typeLabel } from '../format';

/** The images the plan deletes, each with its thumbnail and the reasons. */
export function BalanceDeletions({ actorId, deletions }: { actorId: string; deletions: BalanceDeletion[] }) {
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
                  </li>
                ))}
              </ul>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
