// The catch-up rule shared by GET /events and the socket's sync.
import { randomBytes } from 'node:crypto';
import { appendEvent, seedDemoTenant, withTenant } from '@relay/db';
import { uniqueSlug, useTestDb } from '@relay/db/testing';
import { describe, expect, it } from 'vitest';
import { CATCH_UP_BOUND, CATCH_UP_PAGE_MAX, catchUp, needsReset } from '../src/catch-up.ts';
import { toEnvelope } from '../src/envelope.ts';

describe('needsReset', () => {
  it.each([
    [0, 0, false],
    [5, 5, false],
    [0, CATCH_UP_BOUND, false],
    [0, CATCH_UP_BOUND + 1, true],
    [6, 5, true],
  ])('after %i with latest %i → %s', (after, latest, reset) => {
    expect(needsReset(after, latest)).toBe(reset);
  });
});

describe('catchUp', () => {
  const sql = useTestDb();

  it('pages visible events after a seq, oldest first, never more than the page maximum', async () => {
    const tenantId = await seedDemoTenant(sql, {
      slug: uniqueSlug('cu'),
      name: 'Catch-up',
      encryptionKey: randomBytes(32),
    });
    const supervisor = { operatorId: crypto.randomUUID(), seesAll: true };
    const stranger = { operatorId: crypto.randomUUID(), seesAll: false };
    const first = await catchUp(sql, supervisor, tenantId, 0);
    const start = first.latestSeq;
    await withTenant(sql, tenantId, async (tx) => {
      for (let i = 0; i < 3; i++) await appendEvent(tx, tenantId, { type: 'test.cu', audience: {}, payload: { i } });
      await appendEvent(tx, tenantId, { type: 'test.cu', audience: { supervisorsOnly: true }, payload: {} });
    });
    const page = await catchUp(sql, stranger, tenantId, start, 2);
    expect(page).toMatchObject({ latestSeq: start + 4, reset: false });
    expect(page.events.map((event) => [event.seq, event.data])).toEqual([
      [start + 1, { i: 0 }],
      [start + 2, { i: 1 }],
    ]);
    expect((await catchUp(sql, stranger, tenantId, start)).events).toHaveLength(3);
    expect((await catchUp(sql, supervisor, tenantId, start, CATCH_UP_PAGE_MAX * 10)).events).toHaveLength(4);
    expect(await catchUp(sql, supervisor, tenantId, start + 5)).toEqual({
      events: [],
      latestSeq: start + 4,
      reset: true,
    });
  });
  it('replays an event exactly as it went out live, nested keys camelCased the same way', async () => {
    const tenantId = await seedDemoTenant(sql, {
      slug: uniqueSlug('cu-raw'),
      name: 'Catch-up raw',
      encryptionKey: randomBytes(32),
    });
    const supervisor = { operatorId: crypto.randomUUID(), seesAll: true };
    const { latestSeq: start } = await catchUp(sql, supervisor, tenantId, 0);
    // A provider's own field names can ride along in message metadata: both paths camelCase them alike.
    const payload = { message: { metadata: { file_id: 'AgAD', reply_to: { message_id: 7 } } }, count: 2 };
    const live = await withTenant(sql, tenantId, (tx) =>
      appendEvent(tx, tenantId, { type: 'test.raw', audience: { queueId: null }, payload }),
    );
    const { events } = await catchUp(sql, supervisor, tenantId, start);
    expect(events).toEqual([toEnvelope(live)]);
    expect(events[0]?.data).toEqual({ message: { metadata: { fileId: 'AgAD', replyTo: { messageId: 7 } } }, count: 2 });
  });
});
