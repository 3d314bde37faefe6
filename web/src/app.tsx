import { ActorPage } from './pages/actor-page';
import { ActorsPage } from './pages/actors-page';
import { useRoute } from './route';

export function App() {
  const route = useRoute();
  return (
    <>
      <header className="topbar">
        <a className="brand" href="#/">
          <span className="brand-mark" aria-hidden="true" />
          Troupe
        </a>
        <span className="topbar-tagline">LoRA training sets for AI characters</span>
      </header>
      <main id="main" className="page" tabIndex={-1}>
        {route.page === 'actors' && <ActorsPage />}
        {route.page === 'actor' && <ActorPage key={route.actorId} actorId={route.actorId} tab={route.tab} />}
        {route.page === 'not-found' && (
          <section className="empty-state">
            <h1>Page not found</h1>
            <p>
              There is nothing at <code>{route.hash}</code>. <a href="#/">Go to the actors list</a>.
            </p>
          </section>
        )}
      </main>
    </>
  );
}
