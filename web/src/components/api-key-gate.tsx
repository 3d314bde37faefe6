import { useEffect, useState, type FormEvent, type ReactNode } from 'react';

const COOKIE = 'troupe_api_key';

type GateState = 'checking' | 'open' | 'locked';

/**
 * A server started with TROUPE_API_KEY answers 401 until the browser presents the key. The key is kept in a cookie,
 * so image tags and the live event stream (which cannot send headers) carry it too.
 */
export function ApiKeyGate({ children }: { children: ReactNode }) {
  const [state, setState] = useState<GateState>('checking');
  const [key, setKey] = useState('');
  const [isRejected, setIsRejected] = useState(false);

  useEffect(() => {
    let isCurrent = true;
    fetch('/api/config', { headers: { Accept: 'application/json' } })
      .then((response) => isCurrent && setState(response.status === 401 ? 'locked' : 'open'))
      .catch(() => isCurrent && setState('open'));
    return () => {
      isCurrent = false;
    };
  }, []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    document.cookie = `${COOKIE}=${encodeURIComponent(key.trim())}; path=/; SameSite=Strict`;
    const response = await fetch('/api/config');
    if (response.status === 401) setIsRejected(true);
    else setState('open');
  }

  if (state === 'checking') return null;
  if (state === 'open') return <>{children}</>;
  return (
    <section className="empty-state">
      <h1>This Troupe server needs its API key</h1>
      <p>It was started with TROUPE_API_KEY. Enter that key to continue; it is kept in a cookie for this site.</p>
      <form onSubmit={submit} className="form-row">
        <label>
          API key
          <input
            type="password"
            value={key}
            onChange={(e) => setKey(e.target.value)}
            autoFocus
            required
            data-testid="api-key-input"
          />
        </label>
        <button type="submit" className="button primary">
          Continue
        </button>
      </form>
      {isRejected && (
        <p className="error-message" role="alert">
          That key was not accepted. Check TROUPE_API_KEY on the server.
        </p>
      )}
    </section>
  );
}
