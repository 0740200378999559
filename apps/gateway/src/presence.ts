// Owns operator presence on this node: each of its sockets has an entry in
// the presence store (admitted at the handshake, see tenant-limits.ts) that a
// heartbeat refreshes every ttl/3 and a disconnect removes; a sweep, run by
// every node, removes the entries of a node that died and announces those
// operators. Every change goes to the tenant's staff room as
// `presence {operatorId, status, devices}`: status is the operator's chosen
// availability (operators.availability) while any socket of theirs is live,
// and offline otherwise. `presence:set` persists the choice with an
// `operator.updated` event, as PATCH /me does.
import type { Availability } from '@relay/contracts';
import { getOperator, markOperatorSeen, type Sql, updateOperator, withTenant } from '@relay/db';
import type { Logger } from '@relay/logger';
import {
  type EventPublisher,
  operatorUpdatedPayload,
  type PresenceSocket,
  type PresenceStore,
  publishFailureReporter,
  room,
  writeWithEvents,
} from '@relay/realtime';
import { SocketError } from './handle-event.ts';
import { presenceEntryOf } from './tenant-limits.ts';
import type { GatewayServer, GatewaySocket } from './types.ts';
import type { WorkTracker } from './work-tracker.ts';

/** A socket counts as connected this long after its node last vouched for it. */
export const PRESENCE_TTL_MS = 30_000;

export type GatewayPresence = {
  store: PresenceStore;
  /** A socket passed the handshake (its entry exists): announce the operator. */
  connected(socket: GatewaySocket): void;
  /** A socket went: remove its entry, stamp last_seen_at, announce. */
  disconnected(socket: GatewaySocket): void;
  /** The operator chose an availability: persist it and announce. */
  set(socket: GatewaySocket, status: Availability): Promise<void>;
  /** Stops the heartbeat and the sweep (close() calls it; tests use it to play a dead node). */
  stop(): void;
};

export function createPresence(
  io: GatewayServer,
  deps: {
    sql: Sql;
    logger: Logger;
    store: PresenceStore;
    publisher: EventPublisher;
    ttlMs: number;
    /** Where connect and disconnect work runs, so close() can wait for it. */
    work: WorkTracker;
  },
): GatewayPresence {
  const { sql, logger, store, ttlMs, work } = deps;
  const writer = {
    sql,
    publisher: deps.publisher,
    onPublishError: publishFailureReporter({ logger }),
  };
  const keyOf = (tenantId: string, operatorId: string) => `presence:${tenantId}:${operatorId}`;

  async function announce(tenantId: string, operatorId: string, chosen?: Availability) {
    const sockets = await store.socketsOf(tenantId, operatorId);
    const devices = new Set(sockets.map((socket) => socket.deviceId)).size;
    let status: Availability = 'offline';
    if (devices > 0) status = chosen ?? (await chosenAvailability(tenantId, operatorId));
    io.to(room.staff(tenantId)).emit('presence', { operatorId, status, devices });
  }

  async function chosenAvailability(tenantId: string, operatorId: string): Promise<Availability> {
    const operator = await withTenant(sql, tenantId, (tx) => getOperator(tx, tenantId, operatorId));
    return operator?.isActive ? operator.availability : 'offline';
  }

  /** Persists the availability, with an operator.updated event when it changed (as PATCH /me). */
  function choose(tenantId: string, operatorId: string, availability: Availability) {
    return writeWithEvents(writer, tenantId, async (tx, emit) => {
      const current = await getOperator(tx, tenantId, operatorId);
      if (!current) throw new SocketError('not_found', 'no such operator');
      if (current.availability === availability) return availability;
      const updated = await updateOperator(tx, tenantId, operatorId, { availability });
      if (!updated) throw new SocketError('not_found', 'no such operator');
      await emit({ type: 'operator.updated', audience: {}, payload: operatorUpdatedPayload(updated) });
      return updated.availability;
    });
  }

  function forget(entries: PresenceSocket[]) {
    const operators = new Map(entries.map((entry) => [keyOf(entry.tenantId, entry.operatorId), entry]));
    for (const { tenantId, operatorId } of operators.values()) {
      void work.run(keyOf(tenantId, operatorId), 'presence sweep', async () => {
        await withTenant(sql, tenantId, (tx) => markOperatorSeen(tx, tenantId, operatorId));
        await announce(tenantId, operatorId);
      });
    }
  }

  // A slow Redis must not stack heartbeats on top of each other.
  let beating = false;
  async function beat() {
    try {
      const sockets = io.of('/').sockets;
      const back = await store.refresh([...sockets.values()].map(presenceEntryOf), ttlMs);
      for (const entry of back) {
        // Swept while this node was too slow, and back now; or a socket that left while the refresh
        // ran (its disconnect may have announced the entry this refresh put back: announce again).
        const gone = !sockets.get(entry.socketId)?.connected;
        void work.run(keyOf(entry.tenantId, entry.operatorId), 'presence return', async () => {
          if (gone) await store.remove(entry);
          await announce(entry.tenantId, entry.operatorId);
        });
      }
      forget(await store.sweep());
    } catch (error) {
      logger.warn({ err: error }, 'presence heartbeat failed; the next one retries');
    } finally {
      beating = false;
    }
  }
  const timer = setInterval(
    () => {
      if (beating) return;
      beating = true;
      void work.run('presence:beat', 'presence heartbeat', beat);
    },
    Math.max(50, ttlMs / 3),
  );
  timer.unref();

  return {
    store,
    connected(socket) {
      const { tenantId, operatorId } = socket.data;
      void work.run(keyOf(tenantId, operatorId), 'presence connect', () => announce(tenantId, operatorId));
    },
    disconnected(socket) {
      const { tenantId, operatorId } = socket.data;
      const entry = presenceEntryOf(socket);
      void work.run(keyOf(tenantId, operatorId), 'presence disconnect', async () => {
        await store.remove(entry);
        await withTenant(sql, tenantId, (tx) => markOperatorSeen(tx, tenantId, operatorId));
        await announce(tenantId, operatorId);
      });
    },
    set(socket, status) {
      const { tenantId, operatorId } = socket.data;
      return work.run(keyOf(tenantId, operatorId), 'presence set', async () => {
        await announce(tenantId, operatorId, await choose(tenantId, operatorId, status));
      });
    },
    stop: () => clearInterval(timer),
  };
}
