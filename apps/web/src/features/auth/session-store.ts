// The signed-in session, kept in localStorage so a reload (or another tab)
// stays signed in, plus this browser's device id. Components read it through
// useSession (useSyncExternalStore); everything else through readSession.
import type { OperatorDto, TokenPair } from '@relay/contracts';

export type Session = {
  accessToken: string;
  refreshToken: string;
  /** Epoch milliseconds at which the access token runs out. */
  expiresAt: number;
  operator: OperatorDto;
};

const SESSION_KEY = 'relay.session';
const DEVICE_KEY = 'relay.deviceId';

const listeners = new Set<() => void>();
let cachedRaw: string | null = null;
let cachedSession: Session | null = null;

export function readSession(): Session | null {
  if (typeof window === 'undefined') return null;
  const raw = window.localStorage.getItem(SESSION_KEY);
  // Same text, same object: useSyncExternalStore needs a stable snapshot.
  if (raw === cachedRaw) return cachedSession;
  cachedRaw = raw;
  cachedSession = parseSession(raw);
  return cachedSession;
}

function parseSession(raw: string | null): Session | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Session;
    return value.accessToken && value.refreshToken && value.operator ? value : null;
  } catch {
    return null;
  }
}

export function sessionFromTokens(tokens: TokenPair): Session {
  return {
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    expiresAt: Date.now() + tokens.expiresIn * 1000,
    operator: tokens.operator,
  };
}

export function writeSession(session: Session): void {
  window.localStorage.setItem(SESSION_KEY, JSON.stringify(session));
  notify();
}

export function clearSession(): void {
  window.localStorage.removeItem(SESSION_KEY);
  notify();
}

export function subscribeSession(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function notify() {
  for (const listener of listeners) listener();
}

// Another tab signing in, refreshing or signing out changes ours too.
if (typeof window !== 'undefined') {
  window.addEventListener('storage', (event) => {
    if (event.key === SESSION_KEY || event.key === null) notify();
  });
}

/** This browser's stable device id: generated once, sent with login and the socket handshake. */
export function deviceId(): string {
  const existing = window.localStorage.getItem(DEVICE_KEY);
  if (existing) return existing;
  const created = crypto.randomUUID();
  window.localStorage.setItem(DEVICE_KEY, created);
  return created;
}
