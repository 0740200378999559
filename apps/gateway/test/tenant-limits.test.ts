// Tenant limits from the tenants row: live sockets (too_many_connections) and
// handshakes per second (rate_limited) refuse the handshake; client events per
// second answer rate_limited and keep the socket; watched conversations per
// socket answer too_many_channels. With Redis every node counts together.
// Another tenant is never affected.
import { useTestDb } from '@relay/db/testing';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createDemoWorld, type DemoWorld, type Person } from './support/demo-world.ts';
import {
  type Auth,
  type ClientSocket,
  eventually,
  type GatewayHarness,
  redisKeyPrefix,
  useGatewayServer,
} from './support/gateway-harness.ts';

const redisUrl = process.env.REDIS_URL;
if (!redisUrl)
  process.stdout.write('apps/gateway tenant limits: the multi-node case is skipped (REDIS_URL is not set)\n');

const sql = useTestDb();

type Limits = { users?: number; joins?: number; events?: number; channels?: number };

async function worldLimitedTo(limits: Limits): Promise<DemoWorld> {
  const world = await createDemoWorld(sql);
  await sql`
    update tenants set
      max_concurrent_users = coalesce(${limits.users ?? null}::int, max_concurrent_users),
      max_joins_per_second = coalesce(${limits.joins ?? null}::int, max_joins_per_second),
      max_events_per_second = coalesce(${limits.events ?? null}::int, max_events_per_second),
      max_channels_per_client = coalesce(${limits.channels ?? null}::int, max_channels_per_client)
     where id = ${world.tenantId}`;
  return world;
}

/** Handshakes at once; the connect_error codes of those refused and how many connected. */
async function connectAtOnce(attempts: { node: GatewayHarness; auth: Auth }[]) {
  const outcomes = await Promise.allSettled(attempts.map(({ node, auth }) => node.connect(auth)));
  const refused = outcomes.flatMap((outcome) =>
    outcome.status === 'rejected' ? [(outcome.reason as { data?: { code?: string } }).data?.code] : [],
  );
  return { refused, connected: outcomes.length - refused.length };
}

/** Events at once from one socket; the error codes of those refused and how many were served. */
async function syncAtOnce(socket: ClientSocket, count: number) {
  const replies = await Promise.all(Array.from({ length: count }, () => socket.emitWithAck('sync', { after: 0 })));
  const refused = replies.flatMap((reply) => ('error' in reply ? [reply.error.code] : []));
  return { refused, served: count - refused.length };
}

/** `recovery`: also wait out the second to see the socket served again (once is enough: it costs a second). */
function enforcesLimits(nodes: () => [GatewayHarness, GatewayHarness], { recovery = false } = {}) {
  it('refuses the sixth socket of a tenant limited to five, until one goes; other tenants connect', async () => {
    const [first, second] = nodes();
    const world = await worldLimitedTo({ users: 5 });
    const people: Person[] = ['owner', 'supervisor', 'alice', 'bob', 'carol'];
    const sockets: ClientSocket[] = [];
    for (const [i, who] of people.entries()) {
      sockets.push(await (i % 2 === 0 ? first : second).connect(await world.login(who)));
    }
    expect(await first.refusal(await world.login('alice'))).toBe('too_many_connections');
    expect(await second.refusal(await world.login('bob'))).toBe('too_many_connections');
    const other = await worldLimitedTo({ users: 1 });
    expect((await first.connect(await other.login('alice'))).connected).toBe(true);

    sockets[0]?.disconnect();
    await eventually(async () => expect(await second.gateway.presence.countSockets(world.tenantId)).toBe(4));
    expect((await second.connect(await world.login('alice'))).connected).toBe(true);
  });

  it('refuses a flood of handshakes beyond the joins per second with rate_limited', async () => {
    const [first, second] = nodes();
    const world = await worldLimitedTo({ joins: 2 });
    const login = await world.login('alice');
    const flood = await connectAtOnce(
      Array.from({ length: 8 }, (_, i) => ({ node: i % 2 ? second : first, auth: login })),
    );
    expect(flood.refused.length).toBeGreaterThan(0);
    expect(new Set(flood.refused)).toEqual(new Set(['rate_limited']));
    expect(flood.connected).toBeGreaterThan(0);
    const other = await createDemoWorld(sql);
    expect((await second.connect(await other.login('bob'))).connected).toBe(true);
  });

  it('answers a flood of events beyond the events per second with rate_limited, and keeps the socket', async () => {
    const [first] = nodes();
    const world = await worldLimitedTo({ events: 3 });
    const socket = await first.connect(await world.login('alice'));
    const other = await first.connect(await (await createDemoWorld(sql)).login('alice'));
    const flood = await syncAtOnce(socket, 10);
    expect(flood.refused.length).toBeGreaterThan(0);
    expect(new Set(flood.refused)).toEqual(new Set(['rate_limited']));
    expect(flood.served).toBeGreaterThan(0);
    expect(await other.emitWithAck('sync', { after: 0 })).toMatchObject({ ok: true });
    expect(socket.connected).toBe(true);
    if (!recovery) return;
    // The next second serves it again.
    await eventually(async () => expect(await socket.emitWithAck('sync', { after: 0 })).toMatchObject({ ok: true }));
  });

  it('answers too_many_channels beyond the watched conversations per socket', async () => {
    const [first, second] = nodes();
    const world = await worldLimitedTo({ channels: 1 });
    const { support, sales } = world.conversations;
    const login = await world.login('supervisor');
    const socket = await first.connect(login);
    expect(await socket.emitWithAck('conversation:watch', { conversationId: support })).toEqual({ ok: true });
    expect(await socket.emitWithAck('conversation:watch', { conversationId: support })).toEqual({ ok: true });
    expect(await socket.emitWithAck('conversation:watch', { conversationId: sales })).toMatchObject({
      error: { code: 'too_many_channels' },
    });
    // Per socket: another device of the same operator has its own.
    const laptop = await second.connect({ ...login, deviceId: 'laptop' });
    expect(await laptop.emitWithAck('conversation:watch', { conversationId: sales })).toEqual({ ok: true });
    await socket.emitWithAck('conversation:unwatch', { conversationId: support });
    expect(await socket.emitWithAck('conversation:watch', { conversationId: sales })).toEqual({ ok: true });
    expect(socket.connected).toBe(true);
  });
}

describe('tenant limits in memory', () => {
  const node = useGatewayServer(sql);
  enforcesLimits(() => [node, node], { recovery: true });
});

describe.skipIf(!redisUrl)('tenant limits across gateway nodes', () => {
  const redis = new Redis(redisUrl ?? 'redis://127.0.0.1:6379', { lazyConnect: true });
  afterAll(async () => {
    await redis.quit();
  });
  const shared = { redis, adapterKey: redisKeyPrefix(), keyPrefix: redisKeyPrefix() };
  const nodeA = useGatewayServer(sql, shared);
  const nodeB = useGatewayServer(sql, shared);
  enforcesLimits(() => [nodeA, nodeB]);

  /**
   * Uses up a fresh tenant's second on node A, then asks node B: refused only
   * if the nodes count together. A second that ran out in between proves
   * nothing, so that case tries again with another tenant.
   */
  async function countedTogether(attempt: () => Promise<boolean | 'again'>) {
    for (let tries = 0; tries < 3; tries++) {
      const result = await attempt();
      if (result !== 'again') return result;
    }
    throw new Error('never managed to use up a second');
  }

  it('counts handshakes of every node against the same second', async () => {
    const shared = await countedTogether(async () => {
      const world = await worldLimitedTo({ joins: 2 });
      const login = await world.login('bob');
      const onA = await connectAtOnce(Array.from({ length: 4 }, () => ({ node: nodeA, auth: login })));
      if (onA.refused.length === 0) return 'again';
      const onB = await connectAtOnce([{ node: nodeB, auth: login }]);
      return onB.refused[0] === 'rate_limited' ? true : 'again';
    });
    expect(shared).toBe(true);
  });

  it('counts events of every node against the same second', async () => {
    const shared = await countedTogether(async () => {
      const world = await worldLimitedTo({ events: 3 });
      const onA = await nodeA.connect(await world.login('alice'));
      const onB = await nodeB.connect(await world.login('bob'));
      if ((await syncAtOnce(onA, 6)).refused.length === 0) return 'again';
      return (await syncAtOnce(onB, 1)).refused[0] === 'rate_limited' ? true : 'again';
    });
    expect(shared).toBe(true);
  });
});
