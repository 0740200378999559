'use client';
// Whether the client panel beside the thread is open: the operator's choice,
// kept in localStorage, shared by the header's toggle and the pane. Until
// they choose, it is open on wide windows and hidden on narrow ones.
import { useSyncExternalStore } from 'react';

const KEY = 'relay.clientPanel';
const WIDE = '(min-width: 1200px)';

const listeners = new Set<() => void>();
let chosen: boolean | null = null;

function current(): boolean {
  if (chosen !== null) return chosen;
  const stored = window.localStorage.getItem(KEY);
  if (stored === 'open' || stored === 'closed') return stored === 'open';
  return window.matchMedia(WIDE).matches;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useClientPanelOpen(): boolean {
  return useSyncExternalStore(subscribe, current, () => false);
}

export function setClientPanelOpen(open: boolean): void {
  chosen = open;
  window.localStorage.setItem(KEY, open ? 'open' : 'closed');
  for (const listener of listeners) listener();
}
