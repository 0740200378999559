// Socket payloads nested past MAX_JSON_DEPTH: refused by the packet decoder in
// one pass, before JSON.parse, by closing that connection (Socket.IO's answer
// to any malformed packet); the gateway and every other socket carry on.
import { MAX_JSON_DEPTH } from '@relay/contracts';
import { useTestDb } from '@relay/db/testing';
import { Manager } from 'socket.io-client';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDemoWorld, type DemoWorld } from './support/demo-world.ts';
import { type ClientSocket, useGatewayServer } from './support/gateway-harness.ts';

const sql = useTestDb();
const node = useGatewayServer(sql);
let world: DemoWorld;

beforeAll(async () => {
  world = await createDemoWorld(sql);
});

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
/** A raw Socket.IO EVENT packet: fetch's JSON.stringify could not even build a 10,000-deep one. */
const eventPacket = (event: string, payload: string) => `2["${event}",${payload}]`;

function closed(socket: ClientSocket): Promise<string> {
  return new Promise((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
}

async function stillServes(socket: ClientSocket) {
  expect(socket.connected).toBe(true);
  expect(await socket.emitWithAck('sync', { after: 0 })).toMatchObject({ ok: true });
}

describe('deep socket payloads', () => {
  it.each(['sync', 'typing', 'conversation:watch', 'auth:refresh'])(
    '%s: 10,000-deep arrays and objects close that connection, and nobody else notices',
    async (event) => {
      const bystander = await node.connect(await world.login('bob'));
      for (const payload of [nested(10_000), `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`]) {
        const socket = await node.connect(await world.login('alice'));
        const gone = closed(socket);
        socket.io.engine.send(eventPacket(event, payload));
        expect(await gone).toBe('transport close');
      }
      // The same size, flat: answered by the handler, so it was the depth that closed the others.
      const flat = await bystander.timeout(5000).emitWithAck(event as 'sync', JSON.parse(`[${'0,'.repeat(10_000)}0]`));
      expect(flat).toMatchObject({ error: { code: 'bad_request' } });
      await stillServes(bystander);
      await stillServes(await node.connect(await world.login('alice')));
    },
  );

  it('a payload within the limit is judged by its schema as usual', async () => {
    const socket = await node.connect(await world.login('alice'));
    // The packet's own array is one level; the payload may use the rest.
    const reply = await socket.timeout(5000).emitWithAck('sync', JSON.parse(nested(MAX_JSON_DEPTH - 1)));
    expect(reply).toMatchObject({ error: { code: 'bad_request' } });
    await stillServes(socket);
  });

  it('a 10,000-deep handshake payload closes the connection before any handshake runs', async () => {
    const manager = new Manager(node.url, { transports: ['websocket'], reconnection: false, autoConnect: false });
    await new Promise<void>((resolve, reject) => manager.open((error) => (error ? reject(error) : resolve())));
    const gone = new Promise<string>((resolve) => manager.engine.once('close', (reason) => resolve(reason)));
    manager.engine.send(`0${`{"token":${nested(10_000)}}`}`);
    expect(await gone).toBe('transport close');
    await stillServes(await node.connect(await world.login('carol')));
  });
});
