// Owns who may connect: the access JWT and a device id from the handshake's
// `auth`, the session checked fresh in the database (so logout, deactivation
// and suspension refuse at once), and the operator's queues for the rooms.
// Refusals reach the client as `connect_error` with `data.code`.
import { type ConnectErrorCode, seesEveryConversation, socketAuth } from '@relay/contracts';
import { getSessionState, listOperatorQueueIds, withTenant } from '@relay/db';
import { sessionRefusal, sessionVerdict, verifyAccessToken } from '@relay/security';
import type { ExtendedError } from 'socket.io';
import type { GatewayDeps, GatewaySocket, SocketData } from './types.ts';

export function refusal(code: ConnectErrorCode, message: string): ExtendedError {
  const error: ExtendedError = new Error(message);
  error.data = { code };
  return error;
}

/** What the handshake accepts, or the refusal to send. */
export async function admit(
  { sql, config }: Pick<GatewayDeps, 'sql' | 'config'>,
  auth: unknown,
): Promise<SocketData | ExtendedError> {
  const parsed = socketAuth.safeParse(auth);
  if (!parsed.success) return refusal('unauthorized', 'connect with auth: { token, deviceId }');
  const claims = verifyAccessToken(config.auth.jwtSecret, parsed.data.token);
  if (!claims) return refusal('unauthorized', 'the access token is invalid or expired');
  const state = await getSessionState(sql, claims.tid, claims.sid, claims.sub);
  const verdict = sessionVerdict(state, { tenantId: claims.tid, operatorId: claims.sub }, new Date());
  if (!verdict.ok) {
    const { code, message } = sessionRefusal(verdict.reason);
    return refusal(code, message);
  }
  const { role } = verdict.session;
  const queueIds = await withTenant(sql, claims.tid, (tx) => listOperatorQueueIds(tx, claims.tid, claims.sub));
  return {
    tenantId: claims.tid,
    operatorId: claims.sub,
    role,
    deviceId: parsed.data.deviceId,
    sessionId: claims.sid,
    tokenExpiresAt: claims.expiresAt.getTime(),
    seesAll: seesEveryConversation(role),
    queueIds,
  };
}

export function handshake(deps: Pick<GatewayDeps, 'sql' | 'config' | 'logger'>) {
  return async (socket: GatewaySocket, next: (error?: ExtendedError) => void) => {
    try {
      const admitted = await admit(deps, socket.handshake.auth);
      if (admitted instanceof Error) return next(admitted);
      socket.data = admitted;
      next();
    } catch (error) {
      deps.logger.error({ err: error }, 'handshake failed');
      next(refusal('dependency_unavailable', 'the server could not check this session; retry shortly'));
    }
  };
}
