// Scaled mode: gateway nodes share rooms through Redis, and events published
// by another process (the API, the worker) through the Redis emitter reach a
// client on any node. Two nodes run in this process against one Redis, with a
// random key prefix so parallel runs never hear each other.
import { useTestDb } from '@relay/db/testing';
import { createRedisPublisher } from '@relay/realtime';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoWorld, type DemoWorld } from './support/demo-world.ts';
import {
  collect,
  eventually,
  redisKeyPrefix,
  settle,
  startGatewayServer,
  useGatewayServer,
} from './support/gateway-harness.ts';

const redisUrl = process.env.REDIS_URL;
if (!redisUrl) process.stdout.write('apps/gateway multi-node: skipped (REDIS_URL is not set)\n');

const sql = useTestDb();

describe.skipIf(!redisUrl)('two gateway nodes sharing Redis', () => {
  const adapterKey = redisKeyPrefix();
  // Lazy: a skipped suite never connects. Closed after the nodes (hooks run as a stack).
  const redis = new Redis(redisUrl ?? 'redis://127.0.0.1:6379', { lazyConnect: true });
  afterAll(async () => {
    await redis.quit();
  });
  const nodeA = useGatewayServer(sql, { redis, adapterKey });
  const nodeB = useGatewayServer(sql, { redis, adapterKey });
  let world: DemoWorld;

  beforeAll(async () => {
    world = await createDemoWorld(sql);
  });

  it('delivers an event the API publishes through the emitter to a client on either node, by the same rules', async () => {
    const apiPublisher = createRedisPublisher(redis, { key: adapterKey });
    const carol = await nodeB.connect(await world.login('carol'));
    const alice = await nodeA.connect(await world.login('alice'));
    const supervisor = await nodeA.connect(await world.login('supervisor'));
    const seen = { carol: collect(carol, 'event'), alice: collect(alice, 'event'), sup: collect(supervisor, 'event') };

    const [sales, forAlice] = await world.append(apiPublisher, [
      { audience: { queueId: world.queues.sales } },
      { audience: { operatorIds: [world.operators.alice.id] } },
    ]);
    await eventually(() => expect(seen.sup.map((e) => e.seq)).toEqual([sales?.seq, forAlice?.seq]));
    await eventually(() => expect(seen.carol.map((e) => e.seq)).toEqual([sales?.seq]));
    await eventually(() => expect(seen.alice.map((e) => e.seq)).toEqual([forAlice?.seq]));
  });

  it("relays one node's publisher and typing to sockets on the other node", async () => {
    const conversationId = world.conversations.support;
    const alice = await nodeA.connect(await world.login('alice'));
    const bob = await nodeB.connect(await world.login('bob'));
    const bobEvents = collect(bob, 'event');
    const bobTyping = collect(bob, 'typing');

    const [event] = await world.append(nodeA.gateway.publisher, [{ audience: { queueId: world.queues.support } }]);
    await eventually(() => expect(bobEvents.map((e) => e.seq)).toEqual([event?.seq]));

    await alice.emitWithAck('conversation:watch', { conversationId });
    await bob.emitWithAck('conversation:watch', { conversationId });
    await alice.emitWithAck('typing', { conversationId, isTyping: true });
    await eventually(() =>
      expect(bobTyping).toEqual([{ conversationId, operatorId: world.operators.alice.id, isTyping: true }]),
    );
  });

  it('keeps acks in Redis, where every node (and the worker) reads the same value', async () => {
    const login = await world.login('carol');
    const onA = await nodeA.connect(login);
    const onB = await nodeB.connect(login);
    expect(await onA.emitWithAck('ack', { seq: 7 })).toEqual({ ok: true, lastAckedSeq: 7 });
    expect(await onB.emitWithAck('ack', { seq: 4 })).toEqual({ ok: true, lastAckedSeq: 7 });
    expect(await nodeB.gateway.acks.lastAckedSeq(world.tenantId, login.operatorId, login.deviceId)).toBe(7);
    expect(await redis.hget(`relay:acks:${world.tenantId}`, `${login.operatorId}:${login.deviceId}`)).toBe('7');
    await settle(onB);
  });

  it('sends one tick per node to its own sockets only', async () => {
    const ticking = redisKeyPrefix();
    const fast = await startGatewayServer(sql, { redis, adapterKey: ticking, tickIntervalMs: 40 });
    const slow = await startGatewayServer(sql, { redis, adapterKey: ticking, tickIntervalMs: 60_000 });
    const onFast = await fast.connect(await world.login('bob'));
    const onSlow = await slow.connect(await world.login('bob'));
    const fastTicks = collect(onFast, 'tick');
    const slowTicks = collect(onSlow, 'tick');
    await eventually(() => expect(fastTicks.length).toBeGreaterThanOrEqual(3));
    await settle(onSlow);
    expect(slowTicks).toEqual([]);
  });
});
