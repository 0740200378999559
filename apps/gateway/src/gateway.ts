// createGateway: the Socket.IO server as a factory, attached to an HTTP server
// it is given (standalone shares one with the API). Owns the handshake, the
// rooms a socket joins, its handlers, the heartbeat, and the publisher that
// delivers committed events to rooms. With Redis the nodes share rooms through
// the Redis adapter; without it the in-memory adapter serves one process.
import type { Server as HttpServer } from 'node:http';
import {
  type AckStore,
  createAckStore,
  createRoomPublisher,
  type EventPublisher,
  roomsOfMember,
} from '@relay/realtime';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { handshake } from './handshake.ts';
import { registerHandlers } from './socket-handlers.ts';
import { startTickLoop, TICK_INTERVAL_MS } from './tick-loop.ts';
import type { GatewayDeps, GatewayServer } from './types.ts';

export type { GatewayConfig, GatewayDeps, GatewayServer, GatewaySocket, SocketData } from './types.ts';

export type Gateway = {
  io: GatewayServer;
  /** Emits committed events to their rooms through this server (and, with Redis, every node). */
  publisher: EventPublisher;
  /** The last seq each device acknowledged (push fallback reads it). */
  acks: AckStore;
  /** Resolves once the Redis adapter is subscribed (at once in memory). */
  ready(): Promise<void>;
  close(): Promise<void>;
};

/** Client payloads are small; a large one is a mistake or an attack. */
const MAX_PAYLOAD_BYTES = 64 * 1024;

export function createGateway(httpServer: HttpServer, deps: GatewayDeps): Gateway {
  const logger = deps.logger;
  const io: GatewayServer = new Server(httpServer, {
    path: '/socket.io/',
    serveClient: false,
    // No connectionStateRecovery: recovery is ours, by seq (sync), and works across nodes.
    maxHttpBufferSize: MAX_PAYLOAD_BYTES,
    cors: { origin: deps.config.webOrigin, credentials: false },
  });

  const redisClients: Redis[] = [];
  let ready: Promise<void> = Promise.resolve();
  if (deps.redis) {
    const pub = deps.redis.duplicate();
    const sub = deps.redis.duplicate();
    for (const client of [pub, sub]) {
      client.on('error', (error) => logger.warn({ err: error }, 'gateway redis connection error'));
      redisClients.push(client);
    }
    io.adapter(createAdapter(pub, sub, { key: deps.adapterKey ?? 'socket.io' }));
    // PING queues behind the adapter's (P)SUBSCRIBE on the same connection.
    ready = sub.ping().then(() => undefined);
  }

  const acks = createAckStore({ redis: deps.redis });
  io.use(handshake(deps));
  io.on('connection', (socket) => {
    const me = socket.data;
    socket.join(roomsOfMember(me));
    registerHandlers(socket, { ...deps, acks });
    logger.debug({ tenantId: me.tenantId, operatorId: me.operatorId, deviceId: me.deviceId }, 'socket connected');
  });

  const ticks = startTickLoop(io, deps, deps.tickIntervalMs ?? TICK_INTERVAL_MS);
  return {
    io,
    publisher: createRoomPublisher(io),
    acks,
    ready: () => ready,
    close: async () => {
      ticks.stop();
      await io.close();
      await Promise.allSettled(redisClients.map((client) => client.quit()));
    },
  };
}
