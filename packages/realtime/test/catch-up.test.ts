// The catch-up rule shared by GET /events and the socket's sync.
import { randomBytes } from 'node:crypto';
import { appendEvent, seedDemoTenant, withTenant } from '@relay/db';
import { uniqueSlug, useTestDb } from '@relay/db/testing';
import { describe, expect, it } from 'vitest';
import { CATCH_UP_BOUND, CATCH_UP_PAGE_MAX, catchUp, catchUpJson, needsReset } from '../src/catch-up.ts';
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

describe('catchUpJson', () => {
  const sql = useTestDb();

  it('is catchUp as JSON text: the same envelopes, keys and key order, camelCased keys included', async () => {
    const tenantId = await seedDemoTenant(sql, {
      slug: uniqueSlug('cu-json'),
      name: 'Catch-up JSON',
      encryptionKey: randomBytes(32),
    });
    const supervisor = { operatorId: crypto.randomUUID(), seesAll: true };
    const stranger = { operatorId: crypto.randomUUID(), seesAll: false };
    const { latestSeq: start } = await catchUp(sql, supervisor, tenantId, 0);
    const payloads = [
      { message: { metadata: { file_id: 'AgAD', reply_to: { message_id: 7 } } }, count: 2 },
      { text: 'snake_case in a value is left alone: "a_b": 1', list: [1.5, -2, true, null, 'é ✓ \u0001'] },
      { nested: { deep: [{ x_y: [{ z_z: 1 }] }] }, price: 1e21, big: 2 ** 60 },
      {},
    ];
    await withTenant(sql, tenantId, async (tx) => {
      for (const payload of payloads) await appendEvent(tx, tenantId, { type: 'test.json', audience: {}, payload });
      await appendEvent(tx, tenantId, { type: 'test.json', audience: { supervisorsOnly: true }, payload: { a_b: 1 } });
    });
    for (const [viewer, limit] of [
      [supervisor, 1000],
      [stranger, 1000],
      [supervisor, 2],
    ] as const) {
      const parsed = await catchUp(sql, viewer, tenantId, start, limit);
      const json = await catchUpJson(sql, viewer, tenantId, start, limit);
      expect(JSON.stringify(JSON.parse(json.eventsJson))).toBe(JSON.stringify(parsed.events));
      expect(json.latestSeq).toBe(parsed.latestSeq);
      expect(json.reset).toBe(false);
    }
    const all = JSON.parse((await catchUpJson(sql, supervisor, tenantId, start)).eventsJson);
    expect(all).toHaveLength(5);
    expect(all[0].data).toEqual({ message: { metadata: { fileId: 'AgAD', replyTo: { messageId: 7 } } }, count: 2 });
    expect(all[1].data.text).toBe(payloads[1]?.text);
    expect(all[2].data).toEqual({ nested: { deep: [{ xY: [{ zZ: 1 }] }] }, price: 1e21, big: 2 ** 60 });
    expect(await catchUpJson(sql, supervisor, tenantId, start + 6)).toEqual({
      eventsJson: '[]',
      latestSeq: start + 5,
      reset: true,
      count: 0,
      lastSeq: null,
    });
  });

  it('builds a page with no key to camelCase in PostgreSQL, to the same text as catchUp', async () => {
    const tenantId = await seedDemoTenant(sql, {
      slug: uniqueSlug('cu-page'),
      name: 'Catch-up page',
      encryptionKey: randomBytes(32),
    });
    const supervisor = { operatorId: crypto.randomUUID(), seesAll: true };
    const { latestSeq: start } = await catchUp(sql, supervisor, tenantId, 0);
    const payloads = [
      { message: { id: crypto.randomUUID(), content: 'Quotes " and \\ backslashes, é ✓ \u0001' } },
      { conversation: { messageCount: 3, lastMessageAt: new Date().toISOString(), queueId: null }, reopened: true },
      { list: [1.5, -2, true, null], price: 1e21, big: 2 ** 60, empty: {} },
    ];
    // Three transactions: three created_at values, each with PostgreSQL's microseconds.
    for (const payload of payloads) {
      await withTenant(sql, tenantId, (tx) => appendEvent(tx, tenantId, { type: 'test.page', audience: {}, payload }));
    }
    const parsed = await catchUp(sql, supervisor, tenantId, start);
    const json = await catchUpJson(sql, supervisor, tenantId, start);
    expect(parsed.events).toHaveLength(3);
    expect(JSON.stringify(JSON.parse(json.eventsJson))).toBe(JSON.stringify(parsed.events));
    expect(JSON.parse(json.eventsJson)[0].data.message.content).toBe(payloads[0]?.message?.content);
    // An empty page is an empty array.
    expect((await catchUpJson(sql, supervisor, tenantId, start + 3)).eventsJson).toBe('[]');
  });
});
