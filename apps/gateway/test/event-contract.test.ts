// One event of every type, built from real rows by the writers' own payload
// builders, goes through both paths a client gets events by: live (published
// to the gateway; through the Redis emitter and adapter when REDIS_URL is set)
// and catch-up (`sync` from the seq before them). Both are parsed with the one
// schema (relayEnvelope), which must keep every field (nothing stripped), and
// the client library hands each to onEvent, none to onInvalidEvent.
import {
  type EventEnvelope,
  type EventType,
  eventDataSchemas,
  eventType,
  type RelayEnvelope,
  relayEnvelope,
} from '@relay/contracts';
import {
  type EventRow,
  getConversation,
  getOperator,
  insertMessageAttachment,
  insertNote,
  latestSeq,
  listConversationTags,
  listMessages,
  type NewEvent,
  withTenant,
} from '@relay/db';
import { useTestDb } from '@relay/db/testing';
import {
  conversationAudience,
  conversationPayload,
  createRedisPublisher,
  type EventPublisher,
  operatorUpdatedPayload,
  writeWithEvents,
} from '@relay/realtime';
import { createRealtimeClient } from '@relay/realtime/client';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { createDemoWorld, type DemoWorld } from './support/demo-world.ts';
import { collect, eventually, redisKeyPrefix, useGatewayServer } from './support/gateway-harness.ts';

const sql = useTestDb();
const redisUrl = process.env.REDIS_URL;
const adapterKey = redisKeyPrefix();
const redis = redisUrl ? new Redis(redisUrl, { lazyConnect: true }) : undefined;
afterAll(async () => {
  await redis?.quit();
});
const node = useGatewayServer(sql, redis ? { redis, adapterKey } : {});

/** The live path: the API's and worker's Redis emitter in scaled mode, the gateway's own publisher otherwise. */
const livePublisher = (): EventPublisher =>
  redis ? createRedisPublisher(redis, { key: adapterKey }) : node.gateway.publisher;

/** One event of each type, as its writer shapes it (the payload builders the writers call, real rows). */
async function everyEvent(world: DemoWorld): Promise<NewEvent[]> {
  const { tenantId } = world;
  return withTenant(sql, tenantId, async (tx) => {
    const conversation = await getConversation(tx, tenantId, world.conversations.support);
    const operator = await getOperator(tx, tenantId, world.operators.alice.id);
    const [row] = await listMessages(tx, tenantId, world.conversations.support, { limit: 1 });
    if (!conversation || !operator || !row) throw new Error('the demo world lacks a conversation, operator or message');
    const { cursorAt: _cursorAt, ...message } = row;
    const attachment = await insertMessageAttachment(tx, tenantId, message.id, {
      type: 'image',
      url: 'https://files.example/a.png',
      platformUrl: null,
      mimeType: 'image/png',
      filename: 'a.png',
      size: 2048,
      width: 64,
      height: 48,
      duration: null,
    });
    const note = await insertNote(tx, tenantId, {
      conversationId: conversation.id,
      operatorId: world.operators.alice.id,
      content: '@bob can you take this one?',
      isPinned: false,
      mentions: [world.operators.bob.id],
    });
    const tags = await listConversationTags(tx, tenantId, conversation.id);
    const base = { conversationId: conversation.id, audience: conversationAudience(conversation) };
    const alice = world.operators.alice.id;
    const sla = {
      ...conversationPayload(conversation),
      kind: 'first_response' as const,
      dueAt: new Date(),
      at: new Date(),
    };
    const events: NewEvent[] = [
      {
        ...base,
        type: 'conversation.created',
        payload: { ...conversationPayload(conversation), client: { id: conversation.clientId, name: 'Ann' } },
      },
      {
        ...base,
        type: 'message.created',
        payload: {
          conversationId: conversation.id,
          message: { ...message, attachments: [attachment] },
          conversation: conversationPayload(conversation).conversation,
          reopened: false,
        },
      },
      {
        ...base,
        type: 'message.updated',
        payload: { conversationId: conversation.id, messageId: message.id, status: 'failed', error: 'bounced' },
      },
      {
        ...base,
        type: 'message.updated',
        payload: { conversationId: conversation.id, messageId: message.id, content: 'edited', edited: true },
      },
      { ...base, type: 'conversation.updated', payload: conversationPayload(conversation) },
      { ...base, type: 'conversation.updated', payload: { conversationId: conversation.id, tags } },
      {
        ...base,
        type: 'conversation.assigned',
        payload: {
          ...conversationPayload(conversation),
          operatorId: alice,
          fromOperatorId: null,
          assignedBy: null,
          kind: 'round_robin',
        },
      },
      { ...base, type: 'note.created', payload: { conversationId: conversation.id, note, mentions: note.mentions } },
      { ...base, type: 'sla.warning', payload: sla },
      { ...base, type: 'sla.breached', payload: sla },
      { type: 'operator.updated', audience: {}, payload: operatorUpdatedPayload(operator) },
    ];
    return events;
  });
}

async function writeAll(world: DemoWorld, events: NewEvent[], publisher: EventPublisher): Promise<EventRow[]> {
  const published: EventRow[] = [];
  const keeping: EventPublisher = {
    publish: (rows) => {
      published.push(...rows);
      return publisher.publish(rows);
    },
  };
  await writeWithEvents({ sql, publisher: keeping, onPublishError: () => {} }, world.tenantId, async (_tx, emit) => {
    for (const event of events) await emit(event);
  });
  return published;
}

/** Parsed with the one schema; toEqual the raw envelope means no field was dropped or changed. */
function parseAll(envelopes: EventEnvelope[]): RelayEnvelope[] {
  return envelopes.map((envelope) => {
    const parsed = relayEnvelope.parse(envelope);
    expect(parsed).toEqual(envelope);
    return parsed;
  });
}

describe('every event type, live and by sync, parses with the one schema', () => {
  it('has a data schema for every type, and the writers payloads parse with it', async () => {
    const world = await createDemoWorld(sql);
    const events = await everyEvent(world);
    expect(new Set(events.map((event) => event.type))).toEqual(new Set(eventType.options));
    // What the writer emits (Dates and all) parses: the writer's side of the contract.
    for (const event of events) {
      const schema = eventDataSchemas[event.type as EventType];
      expect(() => schema.parse(event.payload), event.type).not.toThrow();
    }
  });

  it('sends one event of each type through the live path and the sync path, identical after parsing', async () => {
    const world = await createDemoWorld(sql);
    const login = await world.login('supervisor');
    const socket = await node.connect(login);
    const live = collect(socket, 'event');
    const before = await withTenant(sql, world.tenantId, (tx) => latestSeq(tx, world.tenantId));
    const events = await everyEvent(world);
    const written = await writeAll(world, events, livePublisher());
    // Other writers (presence) may append too: only ours count.
    const ours = (list: EventEnvelope[]) => list.filter((envelope) => written.some((row) => row.seq === envelope.seq));
    await eventually(() => expect(ours(live)).toHaveLength(events.length));

    const reply = await socket.emitWithAck('sync', { after: before });
    if (!('events' in reply)) throw new Error(`sync refused: ${reply.error.code}`);
    const synced = ours(reply.events);

    const fromLive = parseAll(ours(live));
    const fromSync = parseAll(synced);
    expect(new Set(fromLive.map((envelope) => envelope.type))).toEqual(new Set(eventType.options));
    // jsonb may order keys differently; the values are the same.
    expect(fromSync).toEqual(fromLive);
  });

  it('hands every event to onEvent, parsed, whether caught up or live, and none to onInvalidEvent', async () => {
    const world = await createDemoWorld(sql);
    const login = await world.login('supervisor');
    const before = await withTenant(sql, world.tenantId, (tx) => latestSeq(tx, world.tenantId));
    // Missed while offline: the client gets these by sync.
    const missed = await writeAll(world, await everyEvent(world), { publish: async () => {} });
    const applied: RelayEnvelope[] = [];
    const invalid: EventEnvelope[] = [];
    const client = createRealtimeClient({
      url: node.url,
      transports: ['websocket'],
      getToken: () => login.token,
      deviceId: login.deviceId,
      lastSeq: before,
      onEvent: (envelope) => applied.push(envelope),
      onInvalidEvent: (envelope) => invalid.push(envelope),
      onReset: () => {},
    });
    onTestFinished(() => client.close());
    await eventually(() => expect(client.status()).toBe('connected'));
    const live = await writeAll(world, await everyEvent(world), livePublisher());
    const seqs = [...missed, ...live].map((row) => row.seq);
    await eventually(() => expect(applied.map((envelope) => envelope.seq)).toEqual(expect.arrayContaining(seqs)));
    expect(invalid).toEqual([]);
    const mine = applied.filter((envelope) => seqs.includes(envelope.seq));
    expect(mine.map((envelope) => envelope.type)).toEqual([...missed, ...live].map((row) => row.type));
    // The union narrows: a message.created's data has its message, typed.
    const created = mine.find((envelope) => envelope.type === 'message.created');
    expect(created?.type === 'message.created' && created.data.message.attachments[0]?.type).toBe('image');
  });
});
