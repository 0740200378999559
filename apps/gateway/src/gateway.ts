// createGateway: the Socket.IO server as a factory, attached to an HTTP server
// it is given (standalone shares one with the API). Owns the handshake, the
// rooms a socket joins, its handlers, the heartbeat, presence and tenant
// limits, and the publisher that delivers committed events to rooms. With
// Redis the nodes share rooms through the Redis adapter; without it the
// in-memory adapter serves one process.
import type { Server as HttpServer } from 'node:http';
import { createGatewayMetrics, createRegistry, type Registry } from '@relay/metrics';
import {
  type AckStore,
  createAckStore,
  createPresenceStore,
  createRoomPublisher,
  type EventPublisher,
  type PresenceStore,
  roomsOfMember,
} from '@relay/realtime';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { followAccessChanges } from './access-changes.ts';
import { adapterClients } from './adapter-clients.ts';
import { DRAIN_TIMEOUT_MS, drainSockets, sendElsewhere } from './drain.ts';
import { measuredSocketParser } from './fan-out-lag.ts';
import { handshake } from './handshake.ts';
import { countRefusal, countRefusals } from './handshake-metrics.ts';
import { createPresence, PRESENCE_TTL_MS } from './presence.ts';
import { SESSION_CHECK_INTERVAL_MS, startSessionCheckLoop } from './session-check-loop.ts';
import { registerHandlers } from './socket-handlers.ts';
import { followSocket, type SocketServices } from './socket-lifecycle.ts';
import { createTenantLimiter, limitHandshakes } from './tenant-limits.ts';
import { startTickLoop, TICK_INTERVAL_MS } from './tick-loop.ts';
import { watchAccessToken } from './token-expiry.ts';
import type { GatewayDeps, GatewayServer } from './types.ts';
import { createViewing } from './viewing.ts';
import { createWorkTracker } from './work-tracker.ts';

export type { GatewayConfig, GatewayDeps, GatewayServer, GatewaySocket, SocketData } from './types.ts';

export type Gateway = {
  io: GatewayServer;
  /** Emits committed events to their rooms through this server (and, with Redis, every node). */
  publisher: EventPublisher;
  /** The last seq each device acknowledged (push fallback reads it). */
  acks: AckStore;
  /** Who is connected, on every node; `onlineOperators(tenantId)` is what routing reads. */
  presence: PresenceStore;
  /** The gateway's metrics (and, given one, whatever else shares the registry): GET /metrics serves it. */
  registry: Registry;
  /** Resolves once the Redis adapter is subscribed (at once in memory). */
  ready(): Promise<void>;
  /** True once drain() began: new connections are refused (the health check should fail). */
  readonly draining: boolean;
  /**
   * Graceful shutdown: refuse new connections, send every socket to another
   * node (`server:draining`, then a transport close they reconnect from), wait
   * for them to go (at most timeoutMs, default 10 s), then close.
   */
  drain(options?: { timeoutMs?: number }): Promise<void>;
  /** Closes at once; sockets are dropped (they reconnect elsewhere and catch up). */
  close(): Promise<void>;
};

/** Client payloads are small; a large one is a mistake or an attack. */
const MAX_PAYLOAD_BYTES = 64 * 1024;

export function createGateway(httpServer: HttpServer, deps: GatewayDeps): Gateway {
  const logger = deps.logger;
  let draining = false;
  const registry = deps.registry ?? createRegistry({ app: 'gateway' });
  const metrics = createGatewayMetrics(registry, { socketsPerTenant: () => socketsPerTenant(io) });
  const io: GatewayServer = new Server(httpServer, {
    // Refused at the engine, before any handshake: clients treat it as a failed attempt and try another node.
    allowRequest: (_req, accept) => {
      if (draining) countRefusal(metrics, 'draining');
      accept(draining ? 'draining' : null, !draining);
    },
    path: '/socket.io/',
    serveClient: false,
    // No connectionStateRecovery: recovery is ours, by seq (sync), and works across nodes.
    maxHttpBufferSize: MAX_PAYLOAD_BYTES,
    parser: measuredSocketParser(metrics.fanOutLag),
    cors: { origin: deps.config.webOrigin, credentials: false },
  });

  const redisClients: Redis[] = [];
  let ready: Promise<void> = Promise.resolve();
  if (deps.redis) {
    const adapter = adapterClients(deps.redis, logger);
    redisClients.push(adapter.pub, adapter.sub);
    io.adapter(createAdapter(adapter.pub, adapter.sub, { key: deps.adapterKey ?? 'socket.io' }));
    ready = adapter.ready;
  }

  const acks = createAckStore({ redis: deps.redis });
  // Also carries access changes: applied here at once, and (with Redis) on every other node.
  const publisher = followAccessChanges(io, createRoomPublisher(io), { logger, clustered: Boolean(deps.redis) });
  const keyPrefix = deps.keyPrefix ?? 'relay';
  const ttlMs = deps.presenceTtlMs ?? PRESENCE_TTL_MS;
  const store = createPresenceStore({ sql: deps.sql, redis: deps.redis, keyPrefix });
  const work = createWorkTracker(logger);
  const services: SocketServices = {
    presence: createPresence(io, { sql: deps.sql, logger, store, publisher, ttlMs, work }),
    viewing: createViewing(io, { logger, work }),
    limiter: createTenantLimiter({ sql: deps.sql, redis: deps.redis, keyPrefix }),
    logger,
  };
  io.use(countRefusals(handshake(deps), metrics));
  io.use(countRefusals(limitHandshakes({ limiter: services.limiter, presence: store, ttlMs, logger }), metrics));
  io.on('connection', (socket) => {
    const me = socket.data;
    metrics.handshakes.inc({ outcome: 'accepted' });
    // First: the handshake added a presence entry that the disconnect must remove, whatever follows.
    followSocket(socket, services);
    // A handshake that finished after drain() began: send it on like the others.
    if (draining) {
      sendElsewhere(socket);
      return;
    }
    socket.join(roomsOfMember(me));
    registerHandlers(socket, { ...deps, ...services, acks, metrics });
    watchAccessToken(socket, deps);
    logger.debug({ tenantId: me.tenantId, operatorId: me.operatorId, deviceId: me.deviceId }, 'socket connected');
  });

  const ticks = startTickLoop(io, deps, deps.tickIntervalMs ?? TICK_INTERVAL_MS);
  const sessionChecks = startSessionCheckLoop(io, deps, deps.sessionCheckIntervalMs ?? SESSION_CHECK_INTERVAL_MS);
  let closed: Promise<void> | undefined;
  const close = () => {
    closed ??= (async () => {
      draining = true;
      ticks.stop();
      sessionChecks.stop();
      services.presence.stop();
      await io.close();
      // The disconnects' presence updates still need Redis and the database.
      await work.idle();
      await Promise.allSettled(redisClients.map((client) => client.quit()));
    })();
    return closed;
  };
  return {
    io,
    publisher,
    acks,
    presence: store,
    registry,
    ready: () => ready,
    get draining() {
      return draining;
    },
    drain: async ({ timeoutMs = DRAIN_TIMEOUT_MS } = {}) => {
      if (closed) return closed;
      draining = true;
      const sockets = await drainSockets(io, timeoutMs);
      logger.info({ sockets, left: io.of('/').sockets.size }, 'drained; closing');
      await close();
    },
    close,
  };
}

/** Each tenant's socket count on this node (asked when /metrics is scraped, not per connection). */
function socketsPerTenant(io: GatewayServer): Iterable<number> {
  const counts = new Map<string, number>();
  for (const socket of io.of('/').sockets.values()) {
    const { tenantId } = socket.data;
    counts.set(tenantId, (counts.get(tenantId) ?? 0) + 1);
  }
  return counts.values();
}
