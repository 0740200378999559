// Publishers hand each event, in seq order, to its rooms in one call; the
// Redis publisher reports a failed publish to its caller instead of losing it.
import type { EventRow } from '@relay/db';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { createRedisPublisher, createRoomPublisher } from '../src/room-publisher.ts';
import { roomsFor } from '../src/rooms.ts';

const tenantId = crypto.randomUUID();
const row = (seq: number, audience: EventRow['audience'] = {}): EventRow => ({
  tenantId,
  seq,
  type: 'test.publisher',
  conversationId: null,
  audience,
  payload: { seq },
  createdAt: new Date('2025-01-02T03:04:05.678Z'),
});

describe('createRoomPublisher', () => {
  it('emits every event once, to all its rooms in one call, in seq order', async () => {
    const calls: { rooms: string[]; event: string; seq: number }[] = [];
    const target = {
      to: (rooms: string[]) => ({
        emit: (event: 'event', envelope: { seq: number }) => calls.push({ rooms, event, seq: envelope.seq }),
      }),
    };
    const events = [row(3, { queueId: null }), row(1, { operatorIds: ['x'] }), row(2)];
    await createRoomPublisher(target).publish(events);
    expect(calls).toEqual(
      [1, 2, 3].map((seq) => ({
        rooms: roomsFor(row(seq, events.find((e) => e.seq === seq)?.audience)),
        event: 'event',
        seq,
      })),
    );
  });
});

describe('createRedisPublisher', () => {
  it('rejects when Redis cannot take the publish, so the caller logs it', async () => {
    const down = new Redis({ port: 1, lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    try {
      await expect(createRedisPublisher(down).publish([row(1)])).rejects.toThrow();
    } finally {
      down.disconnect();
    }
  });
});
