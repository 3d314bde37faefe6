import { useState } from 'react';
import { api } from '../api/client';
import { ActorCard } from '../components/actor-card';
import { ErrorMessage } from '../components/error-message';
import { NewActorForm } from '../components/new-actor-form';
import { actorHref, navigate } from '../route';
import { useLoad } from '../use-load';

export function ActorsPage() {
  const actors = useLoad((signal) => api.listActors(signal).then((r) => r.actors), 'actors');
  const [isFormOpen, setIsFormOpen] = useState(false);
  const list = actors.data ?? [];

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Actors</h1>
          <p className="muted">Each actor is one character with a base image and a growing training set.</p>
        </div>
        {!isFormOpen && (
          <button
            type="button"
            className="button primary"
            data-testid="new-actor-button"
            onClick={() => setIsFormOpen(true)}
          >
            New actor
          </button>
        )}
      </div>

      {isFormOpen && (
        <NewActorForm
          onCancel={() => setIsFormOpen(false)}
          onCreated={(actor) => navigate(actorHref(actor.id, 'generate'))}
        />
      )}

      <ErrorMessage message={actors.error} />
      {actors.error && (
        <button type="button" className="button" onClick={actors.reload}>
          Try again
        </button>
      )}

      {actors.isLoading && list.length === 0 && <p className="muted">Loading actors…</p>}

      {!actors.isLoading && !actors.error && list.length === 0 && (
        <section className="empty-state">
          <h2>No actors yet</h2>
          <p>
            Create one with <strong>New actor</strong> and a base image of the character, or run{' '}
            <code>troupe demo</code> to add a demo actor with a few generated images.
          </p>
        </section>
      )}

      {list.length > 0 && (
        <ul className="card-grid" aria-label="Actors">
          {list.map((actor) => (
            <li key={actor.id}>
              <ActorCard actor={actor} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
