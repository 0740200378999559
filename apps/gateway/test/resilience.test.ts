// What the realtime contract promises when things go wrong, with the real
// client library on real sockets and several gateway nodes in this process
// sharing one Redis (a random adapter key per test). Events are written the
// way the API writes them (writeWithEvents, published through the Redis
// emitter). Every client must end with every event it may see (by the SQL
// rule), exactly once, in seq order, whatever happened to its node.
import type { EventAudience, EventRow, Sql } from '@relay/db';
import { latestSeq, revokeSessionChain, withTenant } from '@relay/db';
import { useTestDb } from '@relay/db/testing';
import { createRedisPublisher, type EventPublisher } from '@relay/realtime';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDemoWorld, type DemoWorld, type Person } from './support/demo-world.ts';
import {
  collect,
  eventually,
  type GatewayNode,
  redisKeyPrefix,
  type StartOptions,
  startGatewayServer,
} from './support/gateway-harness.ts';
import {
  appliedUpTo,
  gatedToken,
  openClient,
  type RecordingClient,
  seqsOf,
  untilConnected,
  visibleSeqs,
} from './support/realtime-clients.ts';

const redisUrl = process.env.REDIS_URL;
if (!redisUrl) process.stdout.write('apps/gateway resilience: skipped (REDIS_URL is not set)\n');

const sql = useTestDb();

describe.skipIf(!redisUrl)('resilience across gateway nodes', () => {
  // Lazy: a skipped suite never connects. Closed after every node (hooks run as a stack).
  const redis = new Redis(redisUrl ?? 'redis://127.0.0.1:6379', { lazyConnect: true });
  afterAll(async () => {
    await redis.quit();
  });

  /** Nodes sharing one fresh adapter key, and the API's publisher for that key. */
  async function cluster(count: number, options: StartOptions = {}) {
    const adapterKey = redisKeyPrefix();
    const nodes: GatewayNode[] = [];
    for (let i = 0; i < count; i += 1) nodes.push(await startGatewayServer(sql, { redis, adapterKey, ...options }));
    return { nodes, publisher: createRedisPublisher(redis, { key: adapterKey }) };
  }

  it('loses nothing when a node dies under a stream of events: its clients resume on the others', {
    timeout: 45_000,
  }, async () => {
    const world = await createDemoWorld(sql);
    const { nodes, publisher } = await cluster(3);
    const [a, b, c] = nodes as [GatewayNode, GatewayNode, GatewayNode];
    const start = await latest(sql, world);
    // Half the clients start on the node that dies; each lists the others as fallbacks.
    const routes = [
      [a, b, c],
      [a, c, b],
      [b, c, a],
      [c, b, a],
    ];
    const people: Person[] = ['supervisor', 'alice', 'bob', 'carol', 'owner'];
    const clients: { who: Person; client: RecordingClient }[] = [];
    for (let i = 0; i < 20; i += 1) {
      const who = people[i % people.length] as Person;
      const login = await world.login(who);
      const urls = (routes[i % routes.length] as GatewayNode[]).map((node) => node.url);
      clients.push({
        who,
        client: openClient({ urls, getToken: () => login.token, deviceId: login.deviceId, lastSeq: start }),
      });
    }
    await untilConnected(clients.map(({ client }) => client));
    const onVictim = clients.filter(({ client }) => a.gateway.io.of('/').sockets.has(client.socket.id as string));
    expect(onVictim).toHaveLength(10);

    // Embedded PGlite runs every query of the run on one session: fewer events there (still more
    // than one sync page); the kill is what is under test, not volume.
    const total = inject('embeddedDatabase') ? 1200 : 2000;
    const written = await stream(world, publisher, total, {
      at: Math.floor(total / 3),
      run: () => a.kill(),
    });
    const last = written.at(-1)?.seq as number;

    for (const { who, client } of clients) {
      const expected = await visibleSeqs(sql, world.tenantId, viewerOf(world, who), start, last);
      expect(expected.length).toBeGreaterThan(0);
      await eventually(() => expect(appliedUpTo(client, last)).toEqual(expected), 20_000);
      expect(client.resets).toEqual([]);
    }
    for (const { client } of onVictim) {
      expect(client.statuses).toContain('reconnecting');
      const survivor = [b, c].some((node) => node.gateway.io.of('/').sockets.has(client.socket.id as string));
      expect(survivor).toBe(true);
    }

    // A client that was away for all of it pages through the log (more than one sync page).
    const login = await world.login('supervisor');
    const late = openClient({ url: b.url, getToken: () => login.token, deviceId: 'late', lastSeq: start });
    const syncs: number[] = [];
    late.socket.onAnyOutgoing((event, payload) => {
      if (event === 'sync') syncs.push(payload.after);
    });
    const everything = await visibleSeqs(sql, world.tenantId, viewerOf(world, 'supervisor'), start, last);
    expect(everything).toEqual(expect.arrayContaining(written.map((event) => event.seq)));
    await eventually(() => expect(appliedUpTo(late, last)).toEqual(everything), 20_000);
    expect(syncs.length).toBeGreaterThanOrEqual(Math.ceil(total / 1000));
  });

  it('catches a client up on the events it missed while away, and resets it past the bound', async () => {
    // The issue says "disconnected for 30 s". The time away is not what is under test, the
    // missed events are: the client is held away (its next token withheld) while they happen.
    const bound = 500;
    const { nodes, publisher } = await cluster(2, { catchUpBound: bound });
    const [a, b] = nodes as [GatewayNode, GatewayNode];
    const world = await createDemoWorld(sql);
    const login = await world.login('alice');
    const token = gatedToken(login.token);
    const start = await latest(sql, world);
    const client = openClient({
      urls: [a.url, b.url],
      getToken: token.getToken,
      deviceId: login.deviceId,
      lastSeq: start,
    });
    await untilConnected([client]);

    const away = async (count: number) => {
      token.hold();
      a.gateway.io
        .of('/')
        .sockets.get(client.socket.id as string)
        ?.conn.close();
      b.gateway.io
        .of('/')
        .sockets.get(client.socket.id as string)
        ?.conn.close();
      await eventually(() => expect(client.status()).toBe('reconnecting'));
      const missed = await world.append(publisher, audiences(world, count));
      token.release();
      await untilConnected([client]);
      return missed;
    };

    // Exactly the bound behind: still caught up event by event.
    const missed = await away(bound);
    const missedLast = missed.at(-1)?.seq as number;
    const alice = viewerOf(world, 'alice');
    const expected = await visibleSeqs(sql, world.tenantId, alice, start, missedLast);
    expect(expected.length).toBeGreaterThan(bound / 2);
    await eventually(() => expect(appliedUpTo(client, missedLast)).toEqual(expected));
    await eventually(() => expect(client.lastSeq()).toBeGreaterThanOrEqual(missedLast));
    expect(client.resets).toEqual([]);

    // One past it: reset, and onReset says where the stream continues; none of those events is replayed.
    const tooMany = await away(bound + 1);
    const resetAt = tooMany.at(-1)?.seq as number;
    await eventually(() => expect(client.resets).toHaveLength(1));
    expect(client.resets[0]).toBeGreaterThanOrEqual(resetAt);
    expect(client.lastSeq()).toBeGreaterThanOrEqual(resetAt);
    expect(seqsOf(client).filter((seq) => seq >= (tooMany[0]?.seq as number) && seq <= resetAt)).toEqual([]);
    const [after] = await world.append(publisher, [{ audience: {} }]);
    await eventually(() => expect(seqsOf(client).at(-1)).toBe(after?.seq));
    expect(appliedUpTo(client, missedLast)).toEqual(expected);
  });

  it('drains a node: its clients are told, reconnect to the other node, and miss nothing', async () => {
    const world = await createDemoWorld(sql);
    const { nodes, publisher } = await cluster(2);
    const [a, b] = nodes as [GatewayNode, GatewayNode];
    const start = await latest(sql, world);
    const people: Person[] = ['supervisor', 'alice', 'bob', 'carol'];
    const clients: { who: Person; client: RecordingClient; onA: boolean; told: unknown[] }[] = [];
    for (const [i, who] of [...people, ...people].entries()) {
      const login = await world.login(who);
      const onA = i < 6;
      const urls = onA ? [a.url, b.url] : [b.url, a.url];
      const client = openClient({ urls, getToken: () => login.token, deviceId: login.deviceId, lastSeq: start });
      clients.push({ who, client, onA, told: collect(client.socket, 'server:draining') });
    }
    await untilConnected(clients.map(({ client }) => client));

    const written = await stream(world, publisher, 300, {
      at: 100,
      run: async () => {
        const drained = a.gateway.drain();
        expect(a.gateway.draining).toBe(true);
        // No new connections while draining.
        const refused = await a.refusal(await world.login('bob'));
        expect(refused).toBeUndefined();
        await drained;
      },
    });
    const last = written.at(-1)?.seq as number;
    for (const { who, client, onA, told } of clients) {
      const expected = await visibleSeqs(sql, world.tenantId, viewerOf(world, who), start, last);
      await eventually(() => expect(appliedUpTo(client, last)).toEqual(expected), 10_000);
      expect(b.gateway.io.of('/').sockets.has(client.socket.id as string)).toBe(true);
      expect(told).toHaveLength(onA ? 1 : 0);
      expect(client.resets).toEqual([]);
    }
    expect(a.gateway.io.of('/').sockets.size).toBe(0);
  });

  it('closes the sockets of a revoked session on every node within the check interval', async () => {
    const { nodes } = await cluster(2, { sessionCheckIntervalMs: 100 });
    const [a, b] = nodes as [GatewayNode, GatewayNode];
    const world = await createDemoWorld(sql);
    const login = await world.login('carol');
    const other = await world.login('carol');
    const onA = await a.connect(login);
    const onB = await b.connect(login);
    const client = openClient({ url: b.url, getToken: () => login.token, deviceId: 'library' });
    const untouched = await a.connect(other);
    await untilConnected([client]);
    const told = [collect(onA, 'auth:expired'), collect(onB, 'auth:expired')];

    await withTenant(sql, world.tenantId, (tx) => revokeSessionChain(tx, world.tenantId, login.sessionId));
    await eventually(() => {
      expect(onA.connected || onB.connected || client.socket.connected).toBe(false);
      expect(client.authFailures).toEqual(['session_revoked']);
    });
    expect(told).toEqual([[{ reason: 'session_revoked' }], [{ reason: 'session_revoked' }]]);
    expect(untouched.connected).toBe(true);
  });
});

async function latest(sql: Sql, world: DemoWorld): Promise<number> {
  return withTenant(sql, world.tenantId, (tx) => latestSeq(tx, world.tenantId));
}

function viewerOf(world: DemoWorld, who: Person) {
  const operator = world.operators[who];
  return { operatorId: operator.id, seesAll: operator.role !== 'operator' };
}

/** A mix of audiences: some events each operator may see, some they may not. */
function audiences(world: DemoWorld, count: number): { audience: EventAudience }[] {
  const kinds: EventAudience[] = [
    { queueId: world.queues.support },
    { queueId: world.queues.sales },
    { operatorIds: [world.operators.alice.id] },
    { supervisorsOnly: true },
    {},
    { queueId: null },
    { operatorIds: [world.operators.bob.id] },
  ];
  return Array.from({ length: count }, (_, i) => ({ audience: kinds[i % kinds.length] as EventAudience }));
}

/** Appends `total` events in small transactions, as a busy API would; `during.run` happens after `during.at`. */
async function stream(
  world: DemoWorld,
  publisher: EventPublisher,
  total: number,
  during: { at: number; run: () => Promise<void> },
): Promise<EventRow[]> {
  const batch = 10;
  const all = audiences(world, total);
  const written: EventRow[] = [];
  let happening: Promise<void> | undefined;
  for (let i = 0; i < total; i += batch) {
    // Not awaited here: the stream keeps flowing while it happens.
    if (!happening && i >= during.at) happening = during.run();
    written.push(...(await world.append(publisher, all.slice(i, i + batch))));
  }
  await happening;
  return written;
}
