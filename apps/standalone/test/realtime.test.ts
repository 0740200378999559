// Standalone serves Socket.IO at /socket.io/ on its one port, and what the
// in-process API commits reaches sockets live through the gateway's rooms
// (and the client library catches up on it). Stopping with sockets still
// connected must not hang.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@relay/config';
import type { ClientToServerEvents, EventEnvelope, ServerToClientEvents } from '@relay/contracts';
import { createScratchDatabase, testPoolMax } from '@relay/db/testing';
import { createLogger } from '@relay/logger';
import { createRealtimeClient, type RealtimeClient } from '@relay/realtime/client';
import { io, type Socket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { startStandalone } from '../src/standalone.ts';

async function login(url: string, email: string) {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenant: 'demo', email, password: 'demo1234' }),
  });
  return ((await res.json()) as { accessToken: string }).accessToken;
}

describe('standalone realtime', () => {
  it('delivers committed events to sockets on the same port and stops with sockets open', {
    timeout: 60_000,
  }, async () => {
    const scratch = await createScratchDatabase();
    const dataDir = mkdtempSync(join(tmpdir(), 'relay-standalone-rt-'));
    const config = loadConfig({
      NODE_ENV: 'test',
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: scratch.url,
      // In the embedded run the scratch database is PGlite, whose one session
      // wants one connection (standalone does that itself when it starts PGlite).
      DATABASE_POOL_MAX: String(testPoolMax()),
      RELAY_DATA_DIR: dataDir,
      RELAY_WEB: 'false',
    });
    const relay = await startStandalone(config, createLogger({ app: 'standalone-test', level: 'silent' }));
    let library: RealtimeClient | undefined;
    try {
      const token = await login(relay.url, 'owner@demo.test');
      const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(relay.url, {
        auth: { token, deviceId: 'standalone-test' },
        transports: ['websocket'],
        reconnection: false,
      });
      const events: EventEnvelope[] = [];
      socket.on('event', (event) => events.push(event));
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      });

      const list = await fetch(`${relay.url}/api/v1/conversations?view=all`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const [conversation] = ((await list.json()) as { items: { id: string }[] }).items;
      const patch = await fetch(`${relay.url}/api/v1/conversations/${conversation?.id}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ priority: 2 }),
      });
      expect(patch.status).toBe(200);
      const deadline = Date.now() + 5000;
      while (!events.some((event) => event.type === 'conversation.updated') && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const updated = events.find((event) => event.type === 'conversation.updated');
      expect(updated?.data).toMatchObject({ conversationId: conversation?.id });

      const sync = await socket.emitWithAck('sync', { after: (updated?.seq as number) - 1 });
      expect('events' in sync && sync.events.map((event) => event.seq)).toEqual([updated?.seq]);

      // The browser's client library (left open until after stop): it catches up from the seq it is given.
      const caughtUp: EventEnvelope[] = [];
      library = createRealtimeClient({
        url: relay.url,
        getToken: () => token,
        deviceId: 'standalone-library',
        lastSeq: (updated?.seq as number) - 1,
        transports: ['websocket'],
        onEvent: (event) => caughtUp.push(event),
        onReset: () => {},
      });
      const until = Date.now() + 5000;
      while (caughtUp.length === 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(caughtUp[0]).toEqual(updated);
    } finally {
      await relay.stop();
      library?.close();
      rmSync(dataDir, { recursive: true, force: true });
      await scratch.drop();
    }
  });
});
