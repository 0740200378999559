// Watching a conversation is authorised against the database (the same rule
// as GET /conversations/:id); typing is relayed to the other watchers only.

import type { TypingBroadcast } from '@relay/contracts';
import { useTestDb } from '@relay/db/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDemoWorld, type DemoWorld } from './support/demo-world.ts';
import { collect, settle, useGatewayServer } from './support/gateway-harness.ts';

const sql = useTestDb();
const node = useGatewayServer(sql);
let world: DemoWorld;

beforeAll(async () => {
  world = await createDemoWorld(sql);
});

const notFound = { error: { code: 'not_found', message: 'no such conversation' } };

describe('conversation:watch', () => {
  it('lets an operator watch a conversation of her queues', async () => {
    const alice = await node.connect(await world.login('alice'));
    expect(await alice.emitWithAck('conversation:watch', { conversationId: world.conversations.support })).toEqual({
      ok: true,
    });
  });

  it('answers not_found outside her queues, in another tenant, or for no conversation at all', async () => {
    const alice = await node.connect(await world.login('alice'));
    const other = await createDemoWorld(sql);
    for (const conversationId of [world.conversations.sales, other.conversations.support, crypto.randomUUID()]) {
      expect(await alice.emitWithAck('conversation:watch', { conversationId })).toEqual(notFound);
    }
    const supervisor = await node.connect(await world.login('supervisor'));
    expect(await supervisor.emitWithAck('conversation:watch', { conversationId: world.conversations.sales })).toEqual({
      ok: true,
    });
    expect(await supervisor.emitWithAck('conversation:watch', { conversationId: other.conversations.support })).toEqual(
      notFound,
    );
  });
});

describe('typing', () => {
  it('relays typing to the other watchers of the conversation only', async () => {
    const conversationId = world.conversations.support;
    const alice = await node.connect(await world.login('alice'));
    const bob = await node.connect(await world.login('bob'));
    const carol = await node.connect(await world.login('carol'));
    const seen = {
      alice: collect(alice, 'typing'),
      bob: collect(bob, 'typing'),
      carol: collect(carol, 'typing'),
    };
    await alice.emitWithAck('conversation:watch', { conversationId });
    await bob.emitWithAck('conversation:watch', { conversationId });

    expect(await alice.emitWithAck('typing', { conversationId, isTyping: true })).toEqual({ ok: true });
    await Promise.all([settle(alice), settle(bob), settle(carol)]);
    const typing: TypingBroadcast = { conversationId, operatorId: world.operators.alice.id, isTyping: true };
    expect(seen.bob).toEqual([typing]);
    expect(seen.alice).toEqual([]);
    expect(seen.carol).toEqual([]);

    await bob.emitWithAck('conversation:unwatch', { conversationId });
    await alice.emitWithAck('typing', { conversationId, isTyping: false });
    await Promise.all([settle(alice), settle(bob)]);
    expect(seen.bob).toEqual([typing]);
  });

  it('refuses typing in a conversation the socket does not watch', async () => {
    const carol = await node.connect(await world.login('carol'));
    const conversationId = world.conversations.sales;
    const reply = await carol.emitWithAck('typing', { conversationId, isTyping: true });
    expect(reply).toMatchObject({ error: { code: 'forbidden' } });
    await carol.emitWithAck('conversation:watch', { conversationId });
    expect(await carol.emitWithAck('typing', { conversationId, isTyping: true })).toEqual({ ok: true });
  });
});
