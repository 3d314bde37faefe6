// The hash router: `#/` lists actors, `#/actors/{id}/{tab}` shows one actor.
import { useEffect, useState } from 'react';

export const TABS = ['generate', 'jobs', 'dataset', 'balance'] as const;
export type Tab = (typeof TABS)[number];

export type Route =
  { page: 'actors' } | { page: 'actor'; actorId: string; tab: Tab } | { page: 'not-found'; hash: string };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/\/+$/, '');
  if (path === '' || path === '/' || path === '/actors') return { page: 'actors' };
  const match = /^\/actors\/([^/]+)(?:\/([^/]+))?$/.exec(path);
  const tab = match?.[2] ?? 'generate';
  if (!match?.[1] || !isTab(tab)) return { page: 'not-found', hash };
  return { page: 'actor', actorId: safeDecode(match[1]), tab };
}

function isTab(value: string): value is Tab {
  return (TABS as readonly string[]).includes(value);
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function actorHref(actorId: string, tab: Tab = 'generate'): string {
  return `#/actors/${encodeURIComponent(actorId)}/${tab}`;
}

export function navigate(href: string): void {
  window.location.hash = href;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = (): void => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
