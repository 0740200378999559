// A publish never holds up the write it follows: one that cannot complete is
// waited for only briefly, one that fails is handed to the reporter, and the
// reporter counts every dropped event but logs an outage once per quiet period.
import type { EventRow } from '@relay/db';
import { describe, expect, it } from 'vitest';
import { type EventPublisher, publishFailureReporter, publishSafely } from '../src/index.ts';

const events = [{ seq: 1 }, { seq: 2 }] as EventRow[];
const redisDown = new Error("Stream isn't writeable and enableOfflineQueue options is false");

describe('publishSafely', () => {
  it('returns while a publish that never settles is still pending', async () => {
    let settled = false;
    const stuck: EventPublisher = { publish: () => new Promise<void>(() => {}) };
    await publishSafely(stuck, events, () => {}, 20).then(() => {
      settled = true;
    });
    expect(settled).toBe(true);
  });

  it('hands a failed publish (rejected or thrown) to onError with its events, never to the caller', async () => {
    const failures: unknown[][] = [];
    const rejecting: EventPublisher = { publish: () => Promise.reject(redisDown) };
    const throwing: EventPublisher = {
      publish: () => {
        throw redisDown;
      },
    };
    await publishSafely(rejecting, events, (error, dropped) => failures.push([error, dropped]));
    await publishSafely(throwing, events, (error, dropped) => failures.push([error, dropped]));
    expect(failures).toEqual([
      [redisDown, events],
      [redisDown, events],
    ]);
  });
});

describe('publishFailureReporter', () => {
  it('counts every dropped event by reason and logs the first drop, then stays quiet', () => {
    const logged: object[] = [];
    const counted: [string, number][] = [];
    const report = publishFailureReporter({
      logger: { warn: (fields) => logged.push(fields) },
      dropped: { inc: ({ reason }, value) => counted.push([reason, value]) },
      quietMs: 60_000,
    });
    report(redisDown, events);
    report(redisDown, events);
    report(new Error('a bug'), events.slice(0, 1));
    expect(counted).toEqual([
      ['redis_unavailable', 2],
      ['redis_unavailable', 2],
      ['error', 1],
    ]);
    expect(logged).toEqual([{ reason: 'redis_unavailable', error: redisDown.message, droppedEvents: 2 }]);
  });
});
