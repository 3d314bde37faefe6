import { useState, type FormEvent } from 'react';
import { api, errorMessage } from '../api/client';
import type { ActorSummary } from '../api/types';
import { ErrorMessage } from './error-message';

interface ActorDetailsFormProps {
  actor: ActorSummary;
  onSaved: (actor: ActorSummary) => void;
  onCancel: () => void;
}

/** Inline editing of an actor's name and descriptor; sends only what changed. Escape cancels. */
export function ActorDetailsForm({ actor, onSaved, onCancel }: ActorDetailsFormProps) {
  const [name, setName] = useState(actor.name);
  const [descriptor, setDescriptor] = useState(actor.descriptor);
  const [isSaving, setIsSaving] = useState(false);
  const [error, setError] = useState<string | undefined>();

  async function save(event: FormEvent): Promise<void> {
    event.preventDefault();
    const patch: { name?: string; descriptor?: string } = {};
    if (name.trim() !== actor.name) patch.name = name.trim();
    if (descriptor.trim() !== actor.descriptor) patch.descriptor = descriptor.trim();
    if (Object.keys(patch).length === 0) return onCancel();
    setIsSaving(true);
    setError(undefined);
    try {
      onSaved((await api.updateActor(actor.id, patch)).actor);
    } catch (caught) {
      setError(errorMessage(caught));
      setIsSaving(false);
    }
  }

  return (
    <form
      className="form inline-form"
      onSubmit={(e) => void save(e)}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onCancel();
      }}
    >
      <label className="field">
        <span>Name</span>
        <input value={name} onChange={(e) => setName(e.target.value)} autoFocus />
      </label>
      <label className="field">
        <span>Descriptor</span>
        <input
          value={descriptor}
          onChange={(e) => setDescriptor(e.target.value)}
          data-testid="actor-descriptor-input"
        />
      </label>
      <ErrorMessage message={error} />
      <div className="form-actions">
        <button type="button" className="button" onClick={onCancel} disabled={isSaving}>
          Cancel
        </button>
        <button type="submit" className="button primary" disabled={isSaving}>
          {isSaving ? 'Saving…' : 'Save'}
        </button>
      </div>
    </form>
  );
}
