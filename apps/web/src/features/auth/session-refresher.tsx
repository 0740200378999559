'use client';
// Keeps the access token fresh in the background: it is rotated about a
// minute before it runs out, so requests and socket handshakes rarely meet a
// 401. Renders nothing.
import { useEffect } from 'react';
import { refreshSession } from '../../lib/api.ts';
import { useSession } from './use-session.ts';

const LEAD_MS = 60_000;
const OFFLINE_RETRY_MS = 15_000;

export function SessionRefresher() {
  const session = useSession();
  const expiresAt = session?.expiresAt;

  useEffect(() => {
    if (expiresAt === undefined) return;
    let timer: ReturnType<typeof setTimeout>;
    const schedule = (delay: number) => {
      timer = setTimeout(async () => {
        const next = await refreshSession();
        // A new session re-runs this effect; no session while one is stored means offline: try again.
        if (!next && document.visibilityState !== 'hidden') schedule(OFFLINE_RETRY_MS);
      }, delay);
    };
    schedule(Math.max(0, expiresAt - Date.now() - LEAD_MS));
    return () => clearTimeout(timer);
  }, [expiresAt]);

  return null;
}
