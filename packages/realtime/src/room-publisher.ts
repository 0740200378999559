// Owns delivering committed events to their rooms through anything that can
// address rooms: the gateway's own Socket.IO server (standalone) or a Redis
// emitter that reaches every gateway node (scaled mode).
import type { EventEnvelope, InterServerEvents, ServerToClientEvents } from '@relay/contracts';
import type { EventRow } from '@relay/db';
import { Emitter } from '@socket.io/redis-emitter';
import type { Redis } from 'ioredis';
import { toEnvelope } from './envelope.ts';
import type { EventPublisher } from './publisher.ts';
import { roomsFor } from './rooms.ts';

/** A Socket.IO `Server` and a redis-emitter `Emitter` both fit. */
export type RoomTarget = {
  to(rooms: string[]): { emit(event: 'event', envelope: EventEnvelope): unknown };
};

export function createRoomPublisher(target: RoomTarget): EventPublisher {
  return {
    publish: async (events) => {
      for (const event of inSeqOrder(events)) target.to(roomsFor(event)).emit('event', toEnvelope(event));
    },
  };
}

export type RedisPublisherOptions = {
  /** The pub/sub key prefix; must match the gateways' adapter `key` (default "socket.io"). */
  key?: string;
};

/**
 * Publishes through Redis to every gateway node. The emitter fires and
 * forgets; here each publish is awaited, so a Redis failure reaches the
 * caller (which logs it: clients catch up by seq) instead of going unhandled.
 */
export function createRedisPublisher(redis: Redis, options: RedisPublisherOptions = {}): EventPublisher {
  // Each call gets an emitter whose PUBLISHes it can await.
  const sending = async (send: (emitter: Emitter<ServerToClientEvents>) => unknown) => {
    const sent: Promise<unknown>[] = [];
    const client = {
      publish: (channel: string, message: Buffer | string) => {
        const pending = redis.publish(channel, message);
        sent.push(pending);
        return pending;
      },
    };
    await send(new Emitter<ServerToClientEvents>(client, { key: options.key ?? 'socket.io' }));
    await Promise.all(sent);
  };
  return {
    publish: (events) => sending((emitter) => createRoomPublisher(emitter).publish(events)),
    // The adapter hands it to every node's io.on('access:changed'), in order with the events around it.
    accessChanged: (message) => sending((emitter) => emitter.serverSideEmit(ACCESS_CHANGED, message)),
  };
}

/** The emitter's serverSideEmit is untyped: the event name is checked against the map here. */
const ACCESS_CHANGED: keyof InterServerEvents = 'access:changed';

function inSeqOrder(events: EventRow[]): EventRow[] {
  return [...events].sort((a, b) => a.tenantId.localeCompare(b.tenantId) || a.seq - b.seq);
}
