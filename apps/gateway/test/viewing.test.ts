// The collision warning: the watchers of a conversation are told who has it
// open (`viewing`) after every watch, unwatch and disconnect, counting the
// sockets of every node.
import type { ViewingBroadcast } from '@relay/contracts';
import { useTestDb } from '@relay/db/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoWorld, type DemoWorld } from './support/demo-world.ts';
import {
  collect,
  eventually,
  type GatewayHarness,
  redisKeyPrefix,
  settle,
  useGatewayServer,
} from './support/gateway-harness.ts';

const redisUrl = process.env.REDIS_URL;
if (!redisUrl) process.stdout.write('apps/gateway viewing: the multi-node case is skipped (REDIS_URL is not set)\n');

const sql = useTestDb();

function viewingOf(conversationId: string, ...operatorIds: string[]): ViewingBroadcast {
  return { conversationId, operatorIds: [...operatorIds].sort() };
}

/** Alice watches from the first node, Bob from the second (the same node in memory). */
function watchersAcross(nodes: () => [GatewayHarness, GatewayHarness]) {
  let world: DemoWorld;
  beforeAll(async () => {
    world = await createDemoWorld(sql);
  });

  it('lists both watchers, and drops one on unwatch and on disconnect', async () => {
    const [first, second] = nodes();
    const conversationId = world.conversations.support;
    const { alice: aliceId, bob: bobId } = { alice: world.operators.alice.id, bob: world.operators.bob.id };
    const alice = await first.connect(await world.login('alice'));
    const bob = await second.connect(await world.login('bob'));
    const carol = await second.connect(await world.login('carol'));
    const seen = { alice: collect(alice, 'viewing'), bob: collect(bob, 'viewing'), carol: collect(carol, 'viewing') };

    expect(await alice.emitWithAck('conversation:watch', { conversationId })).toEqual({ ok: true });
    await eventually(() => expect(seen.alice.at(-1)).toEqual(viewingOf(conversationId, aliceId)));
    await bob.emitWithAck('conversation:watch', { conversationId });
    await eventually(() => expect(seen.alice.at(-1)).toEqual(viewingOf(conversationId, aliceId, bobId)));
    await eventually(() => expect(seen.bob.at(-1)).toEqual(viewingOf(conversationId, aliceId, bobId)));

    await bob.emitWithAck('conversation:unwatch', { conversationId });
    await eventually(() => expect(seen.alice.at(-1)).toEqual(viewingOf(conversationId, aliceId)));

    await bob.emitWithAck('conversation:watch', { conversationId });
    await eventually(() => expect(seen.alice.at(-1)).toEqual(viewingOf(conversationId, aliceId, bobId)));
    bob.disconnect();
    await eventually(() => expect(seen.alice.at(-1)).toEqual(viewingOf(conversationId, aliceId)));

    await settle(carol);
    expect(seen.carol).toEqual([]);
  });

  it('counts an operator once however many of their sockets watch', async () => {
    const [first, second] = nodes();
    const conversationId = world.conversations.sales;
    const login = await world.login('carol');
    const phone = await first.connect(login);
    const laptop = await second.connect({ ...login, deviceId: 'laptop' });
    const seen = collect(phone, 'viewing');
    await phone.emitWithAck('conversation:watch', { conversationId });
    await laptop.emitWithAck('conversation:watch', { conversationId });
    await eventually(() => expect(seen).toHaveLength(2));
    expect(seen).toEqual([viewingOf(conversationId, login.operatorId), viewingOf(conversationId, login.operatorId)]);
  });
}

describe('viewing on one node', () => {
  const node = useGatewayServer(sql);
  watchersAcross(() => [node, node]);
});

describe.skipIf(!redisUrl)('viewing across gateway nodes', () => {
  const redis = new Redis(redisUrl ?? 'redis://127.0.0.1:6379', { lazyConnect: true });
  afterAll(async () => {
    await redis.quit();
  });
  const shared = { redis, adapterKey: redisKeyPrefix(), keyPrefix: redisKeyPrefix() };
  const nodeA = useGatewayServer(sql, shared);
  const nodeB = useGatewayServer(sql, shared);
  watchersAcross(() => [nodeA, nodeB]);
});
