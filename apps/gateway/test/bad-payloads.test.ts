// Whatever a client sends, a handler answers with the error shape (when there
// is an ack to answer) and the socket stays connected and useful.
import { useTestDb } from '@relay/db/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDemoWorld, type DemoWorld } from './support/demo-world.ts';
import { type ClientSocket, useGatewayServer } from './support/gateway-harness.ts';

const sql = useTestDb();
const node = useGatewayServer(sql);
let world: DemoWorld;

beforeAll(async () => {
  world = await createDemoWorld(sql);
  // These tests send far more events per second than a tenant is allowed by default.
  await sql`update tenants set max_events_per_second = 10000 where id = ${world.tenantId}`;
});

const EVENTS = [
  'sync',
  'ack',
  'typing',
  'conversation:watch',
  'conversation:unwatch',
  'presence:set',
  'auth:refresh',
] as const;

const BAD_PAYLOADS: unknown[] = [
  undefined,
  null,
  42,
  'text',
  [],
  {},
  { after: -1, seq: -1 },
  { after: 1.5, seq: 1.5 },
  { after: '3', seq: '3' },
  { after: Number.MAX_SAFE_INTEGER + 2, seq: 1e300 },
  { conversationId: 'not-a-uuid', isTyping: 'yes' },
  { conversationId: crypto.randomUUID() },
  { status: 'sleeping' },
  { __proto__: { after: 1 } },
];

type Reply = {
  ok?: true;
  error?: { code: string; message: string; details?: { path: string[]; message: string }[] };
};
/** The client without the event map: bad payloads are bad on purpose. */
type Loose = {
  emitWithAck(event: string, ...args: unknown[]): Promise<Reply>;
  emit(event: string, ...args: unknown[]): void;
  timeout(ms: number): Loose;
};
const loose = (socket: ClientSocket) => socket as unknown as Loose;

async function stillServes(socket: ClientSocket) {
  expect(socket.connected).toBe(true);
  expect(await socket.emitWithAck('sync', { after: 0 })).toMatchObject({ ok: true });
}

describe('bad payloads', () => {
  it('answers every malformed payload of every event with bad_request', async () => {
    const socket = await node.connect(await world.login('alice'));
    for (const event of EVENTS) {
      for (const payload of BAD_PAYLOADS) {
        // A payload valid for another event may be valid here; only refusals are checked.
        const reply = await loose(socket).timeout(5000).emitWithAck(event, payload);
        if ('ok' in reply) continue;
        expect(reply, `${event} ${JSON.stringify(payload)}`).toMatchObject({
          error: { code: expect.any(String), message: expect.any(String) },
        });
      }
      const reply = await loose(socket).emitWithAck(event, 'definitely wrong');
      expect(reply.error).toMatchObject({ code: 'bad_request', message: `invalid ${event} payload` });
      expect(reply.error?.details).toEqual([expect.objectContaining({ path: [], message: expect.any(String) })]);
    }
    await stillServes(socket);
  });

  it('names the fields that were wrong', async () => {
    const socket = await node.connect(await world.login('alice'));
    const reply = await loose(socket).emitWithAck('typing', { conversationId: 'x' });
    expect(reply.error?.code).toBe('bad_request');
    expect(reply.error?.details?.map((issue) => issue.path.join('.')).sort()).toEqual(['conversationId', 'isTyping']);
  });

  it('survives events with no ack callback, an ack in the payload slot, extra arguments and unknown events', async () => {
    const socket = await node.connect(await world.login('bob'));
    for (const event of EVENTS) {
      loose(socket).emit(event);
      loose(socket).emit(event, { after: 'x' });
      loose(socket).emit(event, { after: 1 }, 'extra', 3);
    }
    loose(socket).emit('sync', { after: 0 });
    loose(socket).emit('no-such-event', { anything: true });
    const reply = await loose(socket).emitWithAck('sync');
    expect(reply.error?.code).toBe('bad_request');
    await stillServes(socket);
  });

  it('answers a good presence:set with ok', async () => {
    const socket = await node.connect(await world.login('carol'));
    expect(await socket.emitWithAck('presence:set', { status: 'away' })).toEqual({ ok: true });
  });
});
