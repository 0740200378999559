// The session as React state: undefined while rendering on the server (and in
// the hydration pass), then the stored session or null.
import { useSyncExternalStore } from 'react';
import { readSession, type Session, subscribeSession } from './session-store.ts';

export function useSession(): Session | null | undefined {
  return useSyncExternalStore(subscribeSession, readSession, () => undefined);
}
