// Owns the heartbeat: every interval, each tenant with sockets on this node
// gets `tick {latestSeq}` in its staff room, so an idle client that missed an
// event notices the gap and syncs. One read per tenant per tick; `io.local`
// keeps every node to its own sockets.
import { latestSeq, withTenant } from '@relay/db';
import { room } from '@relay/realtime';
import type { GatewayDeps, GatewayServer } from './types.ts';

export const TICK_INTERVAL_MS = 15_000;

export function startTickLoop(io: GatewayServer, deps: Pick<GatewayDeps, 'sql' | 'logger'>, intervalMs: number) {
  let running = false;
  const tick = async () => {
    // A slow database must not stack ticks on top of each other.
    if (running) return;
    running = true;
    try {
      const tenants = new Set([...io.of('/').sockets.values()].map((socket) => socket.data.tenantId));
      for (const tenantId of tenants) {
        const seq = await withTenant(deps.sql, tenantId, (tx) => latestSeq(tx, tenantId));
        io.local.to(room.staff(tenantId)).emit('tick', { latestSeq: seq });
      }
    } catch (error) {
      deps.logger.warn({ err: error }, 'tick failed; the next one retries');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
