import { useEffect, useState, type FormEvent } from 'react';
import { api, errorMessage } from '../api/client';
import type { ActorSummary } from '../api/types';
import { actorIdProblem } from '../actor-id';
import { ErrorMessage } from './error-message';

const ACCEPTED_TYPES = 'image/jpeg,image/png,image/webp,image/svg+xml';

export function NewActorForm({
  onCreated,
  onCancel,
}: {
  onCreated: (actor: ActorSummary) => void;
  onCancel: () => void;
}) {
  const [id, setId] = useState('');
  const [descriptor, setDescriptor] = useState('');
  const [name, setName] = useState('');
  const [file, setFile] = useState<File | undefined>();
  const [previewUrl, setPreviewUrl] = useState<string | undefined>();
  const [isIdTouched, setIsIdTouched] = useState(false);
  const [isSubmitting, setIsSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<string | undefined>();

  useEffect(() => {
    if (!file) return setPreviewUrl(undefined);
    const url = URL.createObjectURL(file);
    setPreviewUrl(url);
    return () => URL.revokeObjectURL(url);
  }, [file]);

  const idProblem = actorIdProblem(id);
  const fileProblem = file ? undefined : 'Choose a base image: a JPEG, PNG, WebP or SVG of at least 256 px a side.';

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    setIsIdTouched(true);
    if (idProblem || !file) return setSubmitError(idProblem ?? fileProblem);
    const form = new FormData();
    form.append('id', id);
    if (descriptor.trim()) form.append('descriptor', descriptor.trim());
    if (name.trim()) form.append('name', name.trim());
    form.append('baseImage', file);
    setIsSubmitting(true);
    setSubmitError(undefined);
    try {
      onCreated((await api.createActor(form)).actor);
    } catch (error) {
      setSubmitError(errorMessage(error));
      setIsSubmitting(false);
    }
  }

  return (
    <form className="card form new-actor-form" data-testid="new-actor-form" onSubmit={(e) => void submit(e)} noValidate>
      <h2>New actor</h2>
      <div className="new-actor-layout">
        <label className="image-drop">
          {previewUrl ? (
            <img src={previewUrl} alt="Preview of the chosen base image" />
          ) : (
            <span>Choose a base image</span>
          )}
          <input
            type="file"
            accept={ACCEPTED_TYPES}
            data-testid="base-image-input"
            onChange={(e) => setFile(e.target.files?.[0])}
          />
        </label>
        <div className="fields">
          <label className="field">
            <span>Actor id</span>
            <input
              value={id}
              onChange={(e) => setId(e.target.value)}
              onBlur={() => setIsIdTouched(true)}
              placeholder="0001_european_20_female"
              autoComplete="off"
              spellCheck={false}
              aria-invalid={isIdTouched && idProblem !== undefined}
              data-testid="actor-id-input"
            />
            {isIdTouched && idProblem && <small className="field-error">{idProblem}</small>}
          </label>
          <label className="field">
            <span>Descriptor</span>
            <input
              value={descriptor}
              onChange={(e) => setDescriptor(e.target.value)}
              placeholder="character"
              data-testid="actor-descriptor-input"
            />
            <small className="muted">Replaces {'{descriptor}'} in the prompts, e.g. woman, knight, robot.</small>
          </label>
          <label className="field">
            <span>Display name (optional)</span>
            <input value={name} onChange={(e) => setName(e.target.value)} placeholder={id || 'Same as the id'} />
          </label>
        </div>
      </div>
      <ErrorMessage message={submitError} />
      <div className="form-actions">
        <button type="button" className="button" onClick={onCancel} disabled={isSubmitting}>
          Cancel
        </button>
        <button type="submit" className="button primary" data-testid="create-actor-submit" disabled={isSubmitting}>
          {isSubmitting ? 'Creating…' : 'Create actor'}
        </button>
      </div>
    </form>
  );
}
