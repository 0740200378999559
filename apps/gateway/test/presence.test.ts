// Presence: an operator is shown with their chosen availability while any
// socket of theirs is live, offline otherwise; every change reaches the
// tenant's staff room on every node. presence:set persists the choice with an
// operator.updated event. A node that stops vouching for its sockets (here:
// it loses Redis) has its operators swept offline within the ttl.
import type { PresenceBroadcast } from '@relay/contracts';
import type { Availability } from '@relay/db';
import { useTestDb } from '@relay/db/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoWorld, type DemoWorld, type Person } from './support/demo-world.ts';
import {
  type ClientSocket,
  collect,
  eventually,
  type GatewayHarness,
  redisKeyPrefix,
  startGatewayServer,
  useGatewayServer,
} from './support/gateway-harness.ts';

const redisUrl = process.env.REDIS_URL;
if (!redisUrl) process.stdout.write('apps/gateway presence: the multi-node cases are skipped (REDIS_URL is not set)\n');

const sql = useTestDb();

async function choose(world: DemoWorld, who: Person, availability: Availability) {
  await sql`update operators set availability = ${availability} where id = ${world.operators[who].id}`;
}

/** The latest presence a socket was told about this operator. */
function latest(seen: PresenceBroadcast[], operatorId: string) {
  return seen.filter((presence) => presence.operatorId === operatorId).at(-1);
}

async function observe(node: GatewayHarness, world: DemoWorld): Promise<PresenceBroadcast[]> {
  const observer: ClientSocket = await node.connect(await world.login('supervisor'));
  return collect(observer, 'presence');
}

describe('presence on one node', () => {
  const node = useGatewayServer(sql);
  let world: DemoWorld;
  beforeAll(async () => {
    world = await createDemoWorld(sql);
  });

  it('shows the chosen availability and the device count while connected, offline after', async () => {
    await choose(world, 'alice', 'online');
    const seen = await observe(node, world);
    const alice = world.operators.alice.id;
    const login = await world.login('alice');
    const phone = await node.connect(login);
    await eventually(() => expect(latest(seen, alice)).toEqual({ operatorId: alice, status: 'online', devices: 1 }));
    const laptop = await node.connect({ ...login, deviceId: 'laptop' });
    const secondTab = await node.connect({ ...login, deviceId: 'laptop' });
    await eventually(() => expect(seen.filter((p) => p.operatorId === alice && p.devices === 2)).toHaveLength(2));
    expect(await node.gateway.presence.onlineOperators(world.tenantId)).toEqual(
      new Map([
        [alice, { status: 'online', devices: 2 }],
        [world.operators.supervisor.id, { status: 'offline', devices: 1 }],
      ]),
    );

    phone.disconnect();
    await eventually(() => expect(latest(seen, alice)).toEqual({ operatorId: alice, status: 'online', devices: 1 }));
    laptop.disconnect();
    secondTab.disconnect();
    await eventually(() => expect(latest(seen, alice)).toEqual({ operatorId: alice, status: 'offline', devices: 0 }));
    const [row] = await sql<{ lastSeenAt: Date | null }[]>`select last_seen_at from operators where id = ${alice}`;
    expect(row?.lastSeenAt).toBeInstanceOf(Date);
    expect((await node.gateway.presence.onlineOperators(world.tenantId)).has(alice)).toBe(false);
  });

  it('persists presence:set with an operator.updated event and announces it', async () => {
    const seen = await observe(node, world);
    const bob = world.operators.bob.id;
    const socket = await node.connect(await world.login('bob'));
    const events = collect(socket, 'event');
    await eventually(() => expect(latest(seen, bob)).toMatchObject({ status: 'offline', devices: 1 }));

    expect(await socket.emitWithAck('presence:set', { status: 'away' })).toEqual({ ok: true });
    await eventually(() => expect(latest(seen, bob)).toEqual({ operatorId: bob, status: 'away', devices: 1 }));
    const [row] = await sql<{ availability: string }[]>`select availability from operators where id = ${bob}`;
    expect(row?.availability).toBe('away');
    await eventually(() =>
      expect(events.map((event) => [event.type, event.data.availability])).toEqual([['operator.updated', 'away']]),
    );

    // The same choice again changes nothing: no event, the same presence.
    expect(await socket.emitWithAck('presence:set', { status: 'away' })).toEqual({ ok: true });
    expect(await socket.emitWithAck('presence:set', { status: 'online' })).toEqual({ ok: true });
    await eventually(() => expect(latest(seen, bob)).toMatchObject({ status: 'online' }));
    expect(events.map((event) => event.data.availability)).toEqual(['away', 'online']);
  });
});

describe.skipIf(!redisUrl)('presence across gateway nodes', () => {
  const redis = new Redis(redisUrl ?? 'redis://127.0.0.1:6379', { lazyConnect: true });
  afterAll(async () => {
    await redis.quit();
  });
  const shared = { redis, adapterKey: redisKeyPrefix(), keyPrefix: redisKeyPrefix(), presenceTtlMs: 1500 };
  const nodeA = useGatewayServer(sql, shared);
  const nodeB = useGatewayServer(sql, shared);
  let world: DemoWorld;
  beforeAll(async () => {
    world = await createDemoWorld(sql);
    await choose(world, 'alice', 'online');
    await choose(world, 'bob', 'online');
  });

  it('announces a connection on one node to sockets on the other, and its end', async () => {
    const seen = await observe(nodeB, world);
    const alice = world.operators.alice.id;
    const socket = await nodeA.connect(await world.login('alice'));
    await eventually(() => expect(latest(seen, alice)).toEqual({ operatorId: alice, status: 'online', devices: 1 }));
    expect((await nodeB.gateway.presence.onlineOperators(world.tenantId)).get(alice)).toEqual({
      status: 'online',
      devices: 1,
    });

    await socket.emitWithAck('presence:set', { status: 'away' });
    await eventually(() => expect(latest(seen, alice)).toMatchObject({ status: 'away' }));
    socket.disconnect();
    await eventually(() => expect(latest(seen, alice)).toEqual({ operatorId: alice, status: 'offline', devices: 0 }));
    await choose(world, 'alice', 'online');
  });

  it('takes the operators of a node that stopped heartbeating offline within the ttl, and keeps the others', async () => {
    // Node C shares everything but the connection its presence uses; cutting it plays a node that died.
    const lost = new Redis(redisUrl ?? 'redis://127.0.0.1:6379');
    const nodeC = await startGatewayServer(sql, { ...shared, redis: lost });
    const seen = await observe(nodeA, world);
    const { alice, bob } = { alice: world.operators.alice.id, bob: world.operators.bob.id };
    await nodeB.connect(await world.login('alice'));
    await nodeC.connect(await world.login('bob'));
    await eventually(() => expect(latest(seen, bob)).toEqual({ operatorId: bob, status: 'online', devices: 1 }));
    await eventually(() => expect(latest(seen, alice)).toMatchObject({ status: 'online', devices: 1 }));

    lost.disconnect();
    const cutAt = Date.now();
    await eventually(
      () => expect(latest(seen, bob)).toEqual({ operatorId: bob, status: 'offline', devices: 0 }),
      shared.presenceTtlMs * 4,
    );
    expect(Date.now() - cutAt).toBeLessThan(shared.presenceTtlMs * 4);
    // Alice's node kept vouching for her through the same sweeps.
    expect(latest(seen, alice)).toMatchObject({ status: 'online', devices: 1 });
    expect((await nodeA.gateway.presence.onlineOperators(world.tenantId)).has(bob)).toBe(false);
  });
});
