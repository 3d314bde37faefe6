// Loads data for a component: aborts when the component goes away or `key` changes, keeps the last data while it
// reloads, and reports a failure as a message for the user.
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage, isAbort } from './api/client';

export interface Loaded<T> {
  data: T | undefined;
  error: string | undefined;
  isLoading: boolean;
  reload: () => void;
  /** Changes the loaded data locally (after a delete or an edit) without asking the server again. */
  update: (change: (data: T) => T) => void;
}

export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, key: string): Loaded<T> {
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  });
  const [state, setState] = useState<{ key: string; data?: T; error?: string; isLoading: boolean }>({
    key,
    isLoading: true,
  });
  const [version, setVersion] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setState((s) => ({ key, data: s.key === key ? s.data : undefined, isLoading: true }));
    loadRef.current(controller.signal).then(
      (data) => setState({ key, data, isLoading: false }),
      (error: unknown) => {
        if (!isAbort(error)) setState((s) => ({ ...s, error: errorMessage(error), isLoading: false }));
      },
    );
    return () => controller.abort();
  }, [key, version]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  const update = useCallback((change: (data: T) => T) => {
    setState((s) => (s.data === undefined ? s : { ...s, data: change(s.data) }));
  }, []);
  const isCurrent = state.key === key;
  return {
    data: isCurrent ? state.data : undefined,
    error: isCurrent ? state.error : undefined,
    isLoading: !isCurrent || state.isLoading,
    reload,
    update,
  };
}
