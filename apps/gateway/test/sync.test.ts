// Gapless catch-up: a socket that was away syncs after the last seq it saw and
// gets exactly the events it may see that it missed, in order; a gap it
// cannot close event by event answers reset: true. Ticks carry latestSeq.

import { appendEvents, latestSeq, withTenant } from '@relay/db';
import { useTestDb } from '@relay/db/testing';
import { CATCH_UP_BOUND, CATCH_UP_PAGE_MAX, writeWithEvents } from '@relay/realtime';
import { describe, expect, it } from 'vitest';
import { createDemoWorld, offContract } from './support/demo-world.ts';
import { collect, eventually, useGatewayServer } from './support/gateway-harness.ts';

const sql = useTestDb();
const node = useGatewayServer(sql, { tickIntervalMs: 50 });

describe('sync', () => {
  it('returns exactly the visible events missed while disconnected, in seq order', async () => {
    const world = await createDemoWorld(sql);
    const login = await world.login('alice');
    const alice = await node.connect(login);
    const live = collect(alice, 'event');
    const [seen] = await world.append(node.gateway.publisher, [{ audience: {} }]);
    await eventually(() => expect(live.map((event) => event.seq)).toEqual([seen?.seq]));
    alice.disconnect();

    const aliceId = world.operators.alice.id;
    const bob = world.operators.bob;
    const missed = await world.append(node.gateway.publisher, [
      { audience: { queueId: world.queues.support } },
      { audience: { queueId: world.queues.sales } },
      { audience: { operatorIds: [aliceId] } },
      { audience: { operatorIds: [bob.id] } },
      { audience: { supervisorsOnly: true } },
      { audience: { queueId: null } },
      { audience: { queueId: world.queues.sales, operatorIds: [aliceId] } },
    ]);
    const visible = [missed[0], missed[2], missed[5], missed[6]].map((event) => event?.seq);

    const again = await node.connect(login);
    const reply = await again.emitWithAck('sync', { after: seen?.seq as number });
    expect(reply).toMatchObject({ ok: true, reset: false, latestSeq: missed.at(-1)?.seq });
    if (!('events' in reply)) throw new Error('expected events');
    expect(reply.events.map((event) => event.seq)).toEqual(visible);
    expect(reply.events[1]).toMatchObject({ tenantId: world.tenantId, type: 'conversation.updated' });
  });

  it('gives a supervisor every missed event and an empty answer when up to date', async () => {
    const world = await createDemoWorld(sql);
    const supervisor = await node.connect(await world.login('supervisor'));
    const before = await withTenant(sql, world.tenantId, (tx) => latestSeq(tx, world.tenantId));
    const appended = await world.append(node.gateway.publisher, [
      { audience: { supervisorsOnly: true } },
      { audience: { queueId: world.queues.sales } },
    ]);
    const caughtUp = await supervisor.emitWithAck('sync', { after: before });
    expect('events' in caughtUp && caughtUp.events.map((event) => event.seq)).toEqual(appended.map((e) => e.seq));
    const latest = appended.at(-1)?.seq as number;
    expect(await supervisor.emitWithAck('sync', { after: latest })).toEqual({
      ok: true,
      events: [],
      latestSeq: latest,
      reset: false,
    });
  });

  it('answers reset: true when the client is ahead of the log or too far behind', async () => {
    const world = await createDemoWorld(sql);
    const bob = await node.connect(await world.login('bob'));
    const latest = await withTenant(sql, world.tenantId, (tx) => latestSeq(tx, world.tenantId));
    expect(await bob.emitWithAck('sync', { after: latest + 1 })).toEqual({
      ok: true,
      events: [],
      latestSeq: latest,
      reset: true,
    });
    await sql`update tenants set event_seq = ${latest + CATCH_UP_BOUND + 1} where id = ${world.tenantId}`;
    expect(await bob.emitWithAck('sync', { after: latest })).toMatchObject({ events: [], reset: true });
    expect(await bob.emitWithAck('sync', { after: latest + 1 })).toMatchObject({ events: [], reset: false });
  });
});

describe('sync pages sent as stored JSON text', () => {
  it('replays each event as it arrived live: the same keys and values, camelCased keys included', async () => {
    const world = await createDemoWorld(sql);
    const alice = await node.connect(await world.login('alice'));
    const live = collect(alice, 'event');
    const before = await withTenant(sql, world.tenantId, (tx) => latestSeq(tx, world.tenantId));
    const payloads = [
      { message: { metadata: { file_id: 'AgAD', reply_to: { message_id: 7 } } }, count: 2 },
      { text: 'a "quoted_key": in a value, é ✓', list: [1.5, -2, true, null, 1e21] },
      { conversation: { id: world.queues.support, unreadCount: 3 } },
    ];
    await writeWithEvents(
      { sql, publisher: node.gateway.publisher, onPublishError: () => {} },
      world.tenantId,
      async (_tx, emit) => {
        // Payloads off the contract on purpose: the log keeps any JSON as written.
        for (const payload of payloads)
          await emit(offContract({ type: 'conversation.updated', audience: {}, payload }));
      },
    );
    await eventually(() => expect(live).toHaveLength(payloads.length));
    const reply = await alice.emitWithAck('sync', { after: before });
    if (!('events' in reply)) throw new Error('expected events');
    // Key order may differ (live: as written; a read: jsonb's order), as it always has.
    expect(reply.events).toEqual(live);
    expect(reply.events[0]?.data).toEqual({
      message: { metadata: { fileId: 'AgAD', replyTo: { messageId: 7 } } },
      count: 2,
    });
  });
});

describe('sync over several full pages', () => {
  it('pages through every missed event once, in order, including ones committed between pages', async () => {
    const world = await createDemoWorld(sql);
    const login = await world.login('alice');
    const alice = await node.connect(login);
    const before = await withTenant(sql, world.tenantId, (tx) => latestSeq(tx, world.tenantId));
    // Two full pages and a part, half of them hidden from alice (another queue's).
    const total = CATCH_UP_PAGE_MAX * 4 + 10;
    const events = Array.from({ length: total }, (_, i) => ({
      type: 'conversation.updated',
      audience: { queueId: i % 2 === 0 ? world.queues.support : world.queues.sales },
      payload: { i },
    }));
    const written = await withTenant(sql, world.tenantId, (tx) => appendEvents(tx, world.tenantId, events));
    const visible = written.filter((_, i) => i % 2 === 0).map((event) => event.seq);

    const live = collect(alice, 'event');
    const got: number[] = [];
    let after = before;
    let pages = 0;
    for (;;) {
      const reply = await alice.emitWithAck('sync', { after });
      if (!('events' in reply)) throw new Error('expected events');
      expect(reply.reset).toBe(false);
      got.push(...reply.events.map((event) => event.seq));
      pages++;
      if (pages === 1) {
        // Committed while the client reads the first page (and the gateway may already have read
        // the second): it arrives live, and a later page holds it if that page was read after.
        await world.append(node.gateway.publisher, [{ audience: { queueId: world.queues.support } }]);
      }
      if (reply.events.length < CATCH_UP_PAGE_MAX) break;
      after = reply.events.at(-1)?.seq as number;
    }
    expect(pages).toBe(3);
    expect(got.slice(0, visible.length)).toEqual(visible);
    const latest = await withTenant(sql, world.tenantId, (tx) => latestSeq(tx, world.tenantId));
    // The late event reached alice: live, and perhaps on the last page too (clients dedupe by seq).
    await eventually(() => expect(live.map((event) => event.seq)).toContain(latest));
    expect(got.filter((seq) => seq !== latest)).toEqual(visible);
    expect(new Set(got).size).toBe(got.length);
  });
});

describe('tick', () => {
  it("sends every socket its tenant's latestSeq on each interval", async () => {
    const world = await createDemoWorld(sql);
    const other = await createDemoWorld(sql);
    const carol = await node.connect(await world.login('carol'));
    const stranger = await node.connect(await other.login('carol'));
    const ticks = collect(carol, 'tick');
    const strangerTicks = collect(stranger, 'tick');
    const [event] = await world.append(node.gateway.publisher, [{ audience: { supervisorsOnly: true } }]);
    await eventually(() => expect(ticks.at(-1)).toEqual({ latestSeq: event?.seq }));
    const otherLatest = await withTenant(sql, other.tenantId, (tx) => latestSeq(tx, other.tenantId));
    await eventually(() => expect(strangerTicks.at(-1)).toEqual({ latestSeq: otherLatest }));
    expect(strangerTicks.every((tick) => tick.latestSeq === otherLatest)).toBe(true);
  });
});
