// Owns delivering committed events to their rooms through anything that can
// address rooms: the gateway's own Socket.IO server (standalone) or a Redis
// emitter that reaches every gateway node (scaled mode).
import type { EventEnvelope, ServerToClientEvents } from '@relay/contracts';
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
  return {
    publish: async (events) => {
      const sent: Promise<unknown>[] = [];
      const client = {
        publish: (channel: string, message: Buffer | string) => {
          const pending = redis.publish(channel, message);
          sent.push(pending);
          return pending;
        },
      };
      const emitter = new Emitter<ServerToClientEvents>(client, { key: options.key ?? 'socket.io' });
      await createRoomPublisher(emitter).publish(events);
      await Promise.all(sent);
    },
  };
}

function inSeqOrder(events: EventRow[]): EventRow[] {
  return [...events].sort((a, b) => a.tenantId.localeCompare(b.tenantId) || a.seq - b.seq);
}
