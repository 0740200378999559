// Owns ending sockets whose right to be connected ended after the handshake:
// a revoked or expired session (logout, "sign out everywhere", a stolen
// refresh token), a deactivated operator, a suspended or deactivated tenant.
// Every few seconds each node reads the sessions behind its own sockets in
// one query and closes the ones that lost it, telling them why first
// (`auth:expired {reason}`). The verdict is @relay/security's sessionVerdict,
// the one the handshake and the API ask. Every node runs it, so every node's sockets go.
// The sockets that stay get their operators' current role and queues: the
// backstop for an `access:changed` message lost in a Redis outage.
import { getSessionStates, listOperatorAccess, type SessionStateOf } from '@relay/db';
import { sessionVerdict } from '@relay/security';
import { applyAccess } from './access-changes.ts';
import type { GatewayDeps, GatewayServer } from './types.ts';

export const SESSION_CHECK_INTERVAL_MS = 5_000;

/** Ids per query; a node with more sockets' sessions than this reads them in a few queries. */
const BATCH = 5_000;

export function startSessionCheckLoop(
  io: GatewayServer,
  deps: Pick<GatewayDeps, 'sql' | 'logger'>,
  intervalMs: number,
) {
  let running = false;
  const check = async () => {
    if (running) return;
    running = true;
    try {
      const sockets = [...io.of('/').sockets.values()];
      const ids = [...new Set(sockets.map((socket) => socket.data.sessionId))];
      const states = new Map<string, SessionStateOf>();
      for (let start = 0; start < ids.length; start += BATCH) {
        for (const row of await getSessionStates(deps.sql, ids.slice(start, start + BATCH))) {
          states.set(row.sessionId, row);
        }
      }
      const asked = new Set(ids);
      const now = new Date();
      let ended = 0;
      for (const socket of sockets) {
        // A socket refreshed onto a new session during the read is judged next time.
        if (!socket.connected || !asked.has(socket.data.sessionId)) continue;
        const verdict = sessionVerdict(states.get(socket.data.sessionId), socket.data, now);
        if (verdict.ok) continue;
        socket.emit('auth:expired', { reason: verdict.reason });
        socket.disconnect(true);
        ended += 1;
      }
      if (ended > 0) deps.logger.info({ sockets: ended }, 'closed sockets whose session ended');
      const operatorIds = [...new Set(sockets.filter((s) => s.connected).map((s) => s.data.operatorId))];
      let moved = 0;
      for (let start = 0; start < operatorIds.length; start += BATCH) {
        const readAt = performance.now();
        const access = await listOperatorAccess(deps.sql, operatorIds.slice(start, start + BATCH));
        moved += applyAccess(io, access, readAt);
      }
      if (moved > 0) deps.logger.info({ sockets: moved }, 'moved sockets to their operators’ current access');
    } catch (error) {
      deps.logger.warn({ err: error }, 'session check failed; the next one retries');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void check(), intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
