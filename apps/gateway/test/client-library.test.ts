// @relay/realtime/client against one real gateway: it catches up from the
// seq it was given, turns live events into an ordered stream without
// duplicates (buffering past a gap, syncing on a tick that shows more), acks
// what it applied, fetches a token for every connection, moves past a dead
// url, and stops for good when the handshake is refused.
import type { EventRow } from '@relay/db';
import { useTestDb } from '@relay/db/testing';
import { logOnlyPublisher, room, toEnvelope } from '@relay/realtime';
import { describe, expect, it } from 'vitest';
import { createDemoWorld, type DemoWorld } from './support/demo-world.ts';
import { eventually, settle, useGatewayServer } from './support/gateway-harness.ts';
import { gatedToken, openClient, seqsOf, untilConnected, visibleSeqs } from './support/realtime-clients.ts';

const sql = useTestDb();
const node = useGatewayServer(sql);

async function latest(world: DemoWorld) {
  const [row] = await sql<{ eventSeq: number }[]>`select event_seq from tenants where id = ${world.tenantId}`;
  return row?.eventSeq as number;
}

describe('@relay/realtime/client', () => {
  it('catches up from lastSeq on connect, then applies live events once, in order', async () => {
    const world = await createDemoWorld(sql);
    const start = await latest(world);
    const missed = await world.append(logOnlyPublisher, [{ audience: {} }, { audience: { supervisorsOnly: true } }]);
    const login = await world.login('supervisor');
    const client = openClient({ url: node.url, getToken: () => login.token, deviceId: login.deviceId, lastSeq: start });
    await untilConnected([client]);
    expect(client.statuses).toEqual(['connecting', 'catching_up', 'connected']);
    expect(seqsOf(client)).toEqual(missed.map((event) => event.seq));

    const live = await world.append(node.gateway.publisher, [{ audience: {} }, { audience: { queueId: null } }]);
    await eventually(() => expect(seqsOf(client)).toEqual([...missed, ...live].map((event) => event.seq)));
    expect(client.lastSeq()).toBe(live.at(-1)?.seq);
  });

  it('buffers a live event that arrives past a gap, syncs what is missing, and drops duplicates', async () => {
    const world = await createDemoWorld(sql);
    const login = await world.login('supervisor');
    const client = openClient({
      url: node.url,
      getToken: () => login.token,
      deviceId: login.deviceId,
      lastSeq: await latest(world),
    });
    await untilConnected([client]);
    // Written but not (yet) delivered, as when another API node's publish is slower.
    const [first, second, third] = (await world.append(logOnlyPublisher, [
      { audience: {} },
      { audience: {} },
      { audience: {} },
    ])) as [EventRow, EventRow, EventRow];
    const supervisors = node.gateway.io.to(room.supervisors(world.tenantId));
    supervisors.emit('event', toEnvelope(third));
    await eventually(() => expect(seqsOf(client)).toEqual([first.seq, second.seq, third.seq]));

    supervisors.emit('event', toEnvelope(second));
    supervisors.emit('event', toEnvelope(third));
    const [fourth] = await world.append(node.gateway.publisher, [{ audience: {} }]);
    await eventually(() => expect(seqsOf(client)).toEqual([first.seq, second.seq, third.seq, fourth?.seq]));

    // A seq the log never reached is not chased for ever: one sync shows it is not there.
    const syncs: number[] = [];
    client.socket.onAnyOutgoing((event, payload) => {
      if (event === 'sync') syncs.push(payload.after);
    });
    supervisors.emit('event', { ...toEnvelope(third), seq: third.seq + 1000 });
    await eventually(() => expect(syncs).toHaveLength(1));
    const [fifth] = await world.append(node.gateway.publisher, [{ audience: {} }]);
    await eventually(() => expect(seqsOf(client)).toEqual([first.seq, second.seq, third.seq, fourth?.seq, fifth?.seq]));
    await settle(client.socket);
    expect(syncs.length).toBeLessThanOrEqual(2);
  });

  it('syncs when a tick shows a seq it has not reached', async () => {
    const world = await createDemoWorld(sql);
    const login = await world.login('alice');
    const client = openClient({
      url: node.url,
      getToken: () => login.token,
      deviceId: login.deviceId,
      lastSeq: await latest(world),
    });
    await untilConnected([client]);
    const [unseen, notHers] = await world.append(logOnlyPublisher, [
      { audience: { queueId: world.queues.support } },
      { audience: { queueId: world.queues.sales } },
    ]);
    node.gateway.io.to(room.staff(world.tenantId)).emit('tick', { latestSeq: notHers?.seq as number });
    await eventually(() => expect(seqsOf(client)).toEqual([unseen?.seq]));
    // The Sales event is not hers: once synced past it, it is no gap to chase.
    await eventually(() => expect(client.lastSeq()).toBe(notHers?.seq));
  });

  it('acks what it applied, once per debounce window, and the gateway records it', async () => {
    const world = await createDemoWorld(sql);
    const login = await world.login('bob');
    const start = await latest(world);
    const client = openClient({
      url: node.url,
      getToken: () => login.token,
      deviceId: login.deviceId,
      lastSeq: start,
      ackDebounceMs: 200,
    });
    const acked = () => node.gateway.acks.lastAckedSeq(world.tenantId, login.operatorId, login.deviceId);
    await untilConnected([client]);
    await eventually(async () => expect(await acked()).toBe(start));

    const sent: number[] = [];
    client.socket.onAnyOutgoing((event, payload) => {
      if (event === 'ack') sent.push(payload.seq);
    });
    const events = await world.append(
      node.gateway.publisher,
      [1, 2, 3, 4, 5].map(() => ({ audience: {} })),
    );
    const last = events.at(-1)?.seq as number;
    await eventually(async () => expect(await acked()).toBe(last));
    expect(sent).toEqual([last]);
  });

  it('fetches a token for every connection and catches up what happened while it was away', async () => {
    const world = await createDemoWorld(sql);
    const login = await world.login('carol');
    const token = gatedToken(login.token);
    const start = await latest(world);
    const client = openClient({ url: node.url, getToken: token.getToken, deviceId: login.deviceId, lastSeq: start });
    await untilConnected([client]);
    expect(client.tokenFetches()).toBe(1);

    // The network drops (a transport close); the next token is held, so it stays away while events happen.
    token.hold();
    node.gateway.io
      .of('/')
      .sockets.get(client.socket.id as string)
      ?.conn.close();
    await eventually(() => expect(client.status()).toBe('reconnecting'));
    const missed = await world.append(
      node.gateway.publisher,
      Array.from({ length: 40 }, (_, i) => ({
        audience: { queueId: i % 2 ? world.queues.sales : world.queues.support },
      })),
    );
    token.release();
    await untilConnected([client]);
    const carol = { operatorId: world.operators.carol.id, seesAll: false };
    const expected = await visibleSeqs(sql, world.tenantId, carol, start, missed.at(-1)?.seq as number);
    await eventually(() => expect(seqsOf(client)).toEqual(expected));
    expect(expected).toHaveLength(40);
    expect(client.tokenFetches()).toBe(2);
    expect(client.statuses).toEqual([
      'connecting',
      'catching_up',
      'connected',
      'reconnecting',
      'catching_up',
      'connected',
    ]);
  });

  it('moves on from a url that does not answer', async () => {
    const world = await createDemoWorld(sql);
    const login = await world.login('alice');
    const client = openClient({
      urls: ['http://127.0.0.1:9', node.url],
      getToken: () => login.token,
      deviceId: login.deviceId,
      lastSeq: await latest(world),
    });
    await untilConnected([client]);
    expect(node.gateway.io.of('/').sockets.has(client.socket.id as string)).toBe(true);
  });

  it('stops for good when the handshake is refused', async () => {
    const client = openClient({ url: node.url, getToken: () => 'not-a-token', deviceId: 'd1' });
    await eventually(() => expect(client.status()).toBe('offline'));
    expect(client.authFailures).toEqual(['unauthorized']);
    expect(client.tokenFetches()).toBe(1);
    expect(client.socket.connected).toBe(false);
  });
});
