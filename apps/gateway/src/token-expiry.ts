// Owns a connected socket's access token over time. When it runs out the
// socket gets `auth:expired {reason: 'token_expired', graceMs}` and is closed
// unless `auth:refresh {token}` brings a fresh one within the grace. A refresh
// is checked exactly like the handshake (signature, session, operator,
// tenant) and must name the same operator of the same tenant; it may carry a
// new session id, since refreshing rotates the session.
import { authRefreshPayload, errorCode } from '@relay/contracts';
import type { Logger } from '@relay/logger';
import { onEvent, SocketError } from './handle-event.ts';
import { admit } from './handshake.ts';
import type { GatewayDeps, GatewaySocket } from './types.ts';

export const AUTH_GRACE_MS = 30_000;

/** setTimeout's ceiling; a longer wait is taken in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export function watchAccessToken(socket: GatewaySocket, deps: GatewayDeps & { logger: Logger }): void {
  const { logger } = deps;
  const graceMs = deps.authGraceMs ?? AUTH_GRACE_MS;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const arm = () => {
    clearTimeout(timer);
    const left = socket.data.tokenExpiresAt - Date.now();
    if (left > 0) {
      timer = setTimeout(arm, Math.min(left, MAX_TIMER_MS));
      return;
    }
    socket.emit('auth:expired', { reason: 'token_expired', graceMs });
    timer = setTimeout(() => {
      logger.debug({ tenantId: socket.data.tenantId, operatorId: socket.data.operatorId }, 'token not refreshed');
      socket.disconnect(true);
    }, graceMs);
  };
  arm();
  socket.on('disconnect', () => clearTimeout(timer));

  onEvent(socket, logger, 'auth:refresh', authRefreshPayload, async ({ token }) => {
    const me = socket.data;
    let admitted: Awaited<ReturnType<typeof admit>>;
    try {
      admitted = await admit(deps, { token, deviceId: me.deviceId });
    } catch (error) {
      logger.error({ err: error }, 'token refresh check failed');
      throw new SocketError('dependency_unavailable', 'the server could not check this token; retry shortly');
    }
    if (admitted instanceof Error) {
      const code = errorCode.safeParse(admitted.data?.code);
      throw new SocketError(code.success ? code.data : 'unauthorized', admitted.message);
    }
    if (admitted.tenantId !== me.tenantId || admitted.operatorId !== me.operatorId) {
      throw new SocketError('forbidden', 'that token is for someone else; connect again with it');
    }
    // Rooms and role stay as at connection (they change on the next connection, like queue membership).
    me.sessionId = admitted.sessionId;
    me.tokenExpiresAt = admitted.tokenExpiresAt;
    arm();
    return { expiresAt: new Date(admitted.tokenExpiresAt).toISOString() };
  });
}
