// Signing in and out. Login sends this browser's deviceId so the API
// registers the device; logout ends the server session, then forgets the
// local one (the device id stays: it names this browser, not the session).
import { apiRoutes, tokenPair } from '@relay/contracts';
import { callAs } from '../../lib/api.ts';
import { stopRealtime } from '../../lib/socket.ts';
import { clearSession, deviceId, readSession, sessionFromTokens, writeSession } from './session-store.ts';

export type Credentials = { tenant: string; email: string; password: string };

export async function logIn(credentials: Credentials): Promise<void> {
  const tokens = tokenPair.parse(
    await callAs(undefined, apiRoutes.auth.logIn, { body: { ...credentials, deviceId: deviceId() } }),
  );
  writeSession(sessionFromTokens(tokens));
}

export async function logOut(): Promise<void> {
  const session = readSession();
  stopRealtime();
  if (session) {
    // Best effort: the local session ends even when the server cannot be told.
    await callAs(session.accessToken, apiRoutes.auth.logOut, { body: { refreshToken: session.refreshToken } }).catch(
      () => undefined,
    );
  }
  clearSession();
}
