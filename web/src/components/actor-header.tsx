import { useState, type ReactNode } from 'react';
import { api } from '../api/client';
import type { ActorSummary } from '../api/types';
import { formatDateTime, plural } from '../format';
import { ActorDetailsForm } from './actor-details-form';
import { ConfirmDialog } from './confirm-dialog';

interface ActorHeaderProps {
  actor: ActorSummary;
  onChanged: (actor: ActorSummary) => void;
  onDeleted: () => void;
  /** Shown beside the name: the dataset's health. */
  healthBadge?: ReactNode;
}

export function ActorHeader({ actor, onChanged, onDeleted, healthBadge }: ActorHeaderProps) {
  const [isEditing, setIsEditing] = useState(false);
  const [isConfirmingDelete, setIsConfirmingDelete] = useState(false);

  return (
    <header className="card actor-header">
      <img className="actor-header-image" src={actor.baseImageUrl} alt={`Base image of ${actor.name}`} />
      <div className="actor-header-details">
        {isEditing ? (
          <ActorDetailsForm
            actor={actor}
            onSaved={(saved) => {
              onChanged(saved);
              setIsEditing(false);
            }}
            onCancel={() => setIsEditing(false)}
          />
        ) : (
          <>
            <div className="actor-title">
              <h1>{actor.name}</h1>
              {healthBadge}
            </div>
            <p className="mono muted">{actor.id}</p>
            <p>
              <span className="muted">Descriptor:</span> {actor.descriptor}
            </p>
            <p className="small muted">
              {plural(actor.imageCount, 'training image')} · created {formatDateTime(actor.createdAt)}
            </p>
          </>
        )}
      </div>
      {!isEditing && (
        <div className="actor-header-actions">
          <button type="button" className="button" onClick={() => setIsEditing(true)}>
            Edit
          </button>
          <button type="button" className="button danger-outline" onClick={() => setIsConfirmingDelete(true)}>
            Delete actor
          </button>
        </div>
      )}
      {isConfirmingDelete && (
        <ConfirmDialog
          title={`Delete ${actor.name}?`}
          confirmLabel="Delete actor"
          onClose={() => setIsConfirmingDelete(false)}
          onConfirm={async () => {
            await api.deleteActor(actor.id);
            onDeleted();
          }}
        >
          <p>
            This deletes the actor <code>{actor.id}</code>, its base image, its{' '}
            {plural(actor.imageCount, 'training image')} and their files, its manifest and its job history. It cannot be
            undone.
          </p>
        </ConfirmDialog>
      )}
    </header>
  );
}
