// Live job updates: an EventSource on /api/events or /api/jobs/{id}/events, which the browser reconnects with
// Last-Event-ID by itself. When the stream keeps failing (or EventSource is missing) it falls back to polling every
// 10 s, as the seed's UI did, and tries the stream again every minute.
import type { Attempt, Job } from './types';

export type StreamMode = 'connecting' | 'live' | 'polling';

export interface JobWarning {
  jobId: string;
  message: string;
}

export interface JobStreamOptions {
  url: string;
  onJob: (job: Job) => void;
  onAttempt: (attempt: Attempt) => void;
  /** Something the user must hear about once while a job runs (S3 unavailable, images pending upload). */
  onWarning?: (warning: JobWarning) => void;
  /** Fetches the current state: at the start, after every (re)connect, and every pollIntervalMs while polling. */
  poll: () => Promise<void>;
  onModeChange?: (mode: StreamMode) => void;
  pollIntervalMs?: number;
  errorsBeforePolling?: number;
  retryStreamAfterMs?: number;
  /** Defaults to the browser's EventSource; undefined where there is none. */
  createEventSource?: ((url: string) => EventSource) | undefined;
}

const READY_STATE_CLOSED = 2;

function defaultEventSource(): ((url: string) => EventSource) | undefined {
  return typeof EventSource === 'undefined' ? undefined : (url) => new EventSource(url);
}

/** Starts listening; returns the function that stops everything. */
export function openJobStream(options: JobStreamOptions): () => void {
  const pollIntervalMs = options.pollIntervalMs ?? 10_000;
  const errorsBeforePolling = options.errorsBeforePolling ?? 3;
  const retryStreamAfterMs = options.retryStreamAfterMs ?? 60_000;
  const create = 'createEventSource' in options ? options.createEventSource : defaultEventSource();
  let source: EventSource | undefined;
  let errorsInARow = 0;
  let pollTimer: ReturnType<typeof setInterval> | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let isStopped = false;

  const pollOnce = (): void => void options.poll().catch(() => undefined);
  const setMode = (mode: StreamMode): void => {
    if (!isStopped) options.onModeChange?.(mode);
  };

  function closeSource(): void {
    source?.close();
    source = undefined;
  }

  function startPolling(): void {
    closeSource();
    setMode('polling');
    if (pollTimer === undefined) pollTimer = setInterval(pollOnce, pollIntervalMs);
    if (create && retryTimer === undefined) retryTimer = setTimeout(connect, retryStreamAfterMs);
  }

  function stopPolling(): void {
    clearInterval(pollTimer);
    pollTimer = undefined;
  }

  function connect(): void {
    retryTimer = undefined;
    if (isStopped || !create) return;
    const eventSource = create(options.url);
    source = eventSource;
    eventSource.addEventListener('open', () => {
      errorsInARow = 0;
      stopPolling();
      setMode('live');
      pollOnce();
    });
    eventSource.addEventListener('job', (event) => deliver(event, options.onJob));
    eventSource.addEventListener('attempt', (event) => deliver(event, options.onAttempt));
    eventSource.addEventListener('warning', (event) => deliver(event, options.onWarning ?? (() => undefined)));
    eventSource.addEventListener('error', () => {
      if (source !== eventSource) return;
      errorsInARow += 1;
      if (errorsInARow >= errorsBeforePolling) return startPolling();
      if (eventSource.readyState !== READY_STATE_CLOSED) return setMode('connecting');
      closeSource();
      retryTimer = setTimeout(connect, 1000 * 2 ** errorsInARow);
    });
  }

  pollOnce();
  if (create) {
    setMode('connecting');
    connect();
  } else startPolling();

  return () => {
    isStopped = true;
    closeSource();
    stopPolling();
    clearTimeout(retryTimer);
  };
}

function deliver<T>(event: Event, handle: (value: T) => void): void {
  const data = (event as MessageEvent<unknown>).data;
  if (typeof data !== 'string') return;
  let value: T;
  try {
    value = JSON.parse(data) as T;
  } catch {
    return;
  }
  handle(value);
}
