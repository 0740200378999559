// Signing in and out. Login sends this browser's deviceId so the API
// registers the device; logout ends the server session, then forgets the
// local one (the device id stays: it names this browser, not the session).
import { type TokenPair, tokenPair } from '@relay/contracts';
import { requestJson } from '../../lib/api.ts';
import { stopRealtime } from '../../lib/socket.ts';
import { clearSession, deviceId, readSession, sessionFromTokens, writeSession } from './session-store.ts';

export type Credentials = { tenant: string; email: string; password: string };

export async function logIn(credentials: Credentials): Promise<void> {
  const tokens = tokenPair.parse(
    await requestJson<TokenPair>('/auth/login', {
      method: 'POST',
      body: { ...credentials, deviceId: deviceId() },
    }),
  );
  writeSession(sessionFromTokens(tokens));
}

export async function logOut(): Promise<void> {
  const session = readSession();
  stopRealtime();
  if (session) {
    // Best effort: the local session ends even when the server cannot be told.
    await requestJson(
      '/auth/logout',
      { method: 'POST', body: { refreshToken: session.refreshToken } },
      session.accessToken,
    ).catch(() => undefined);
  }
  clearSession();
}
