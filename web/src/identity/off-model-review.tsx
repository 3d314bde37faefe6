import { useState } from 'react';
import { errorMessage } from '../api/client';
import { typeLabel } from '../format';
import { ErrorMessage } from '../components/error-message';
import { identityApi, type SetAsideImage } from './identity-api';

/** What the identity gate set aside (another person's face): paid for, not in the set, until kept anyway. */
export function OffModelReview({
  actorId,
  items,
  onChanged,
}: {
  actorId: string;
  items: SetAsideImage[];
  onChanged: () => void;
}) {
  const [busyId, setBusyId] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  if (items.length === 0) return null;

  async function act(id: string, action: (actorId: string, id: string) => Promise<unknown>): Promise<void> {
    setBusyId(id);
    setError(undefined);
    try {
      await action(actorId, id);
      onChanged();
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusyId(undefined);
    }
  }

  return (
    <section
      className="card off-model-review"
      data-testid="off-model-review"
      aria-label="Set aside by the identity check"
    >
      <h2>Set aside: another person's face ({items.length})</h2>
      <p className="small muted">
        These outputs were paid for but not kept, because the face is not the actor's. Keep one anyway if the check got
        it wrong.
      </p>
      <ErrorMessage message={error} />
      <ul className="off-model-list">
        {items.map((item) => (
          <li key={item.id} data-testid="off-model-item" data-off-model-id={item.id}>
            <img
              src={item.url}
              alt={`Set aside: ${item.prompt}`}
              width={item.width}
              height={item.height}
              loading="lazy"
            />
            <div className="small">
              {typeLabel(item.type)}, face distance <strong>{item.distance.toFixed(2)}</strong>
            </div>
            <div className="off-model-actions">
              <button
                type="button"
                className="button"
                disabled={busyId !== undefined}
                onClick={() => void act(item.id, identityApi.keepAnyway)}
                data-testid="keep-anyway"
              >
                Keep anyway
              </button>
              <button
                type="button"
                className="button danger-outline"
                disabled={busyId !== undefined}
                onClick={() => void act(item.id, identityApi.discard)}
              >
                Discard
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
