// The worker inside `npm start`'s process, as issue 5's "done when" reads: a
// new conversation on the demo tenant is routed to the one operator online,
// carries its SLA due times, and pushes reach an offline operator's phone
// through firebase-admin (pointed at a local FCM stand-in by the same env
// variables a developer would set) — but never the phone of an operator whose
// open browser socket acked the event.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { telegramTextUpdate } from '@relay/channels/testing';
import { loadConfig } from '@relay/config';
import type { ClientToServerEvents, EventEnvelope, ServerToClientEvents } from '@relay/contracts';
import { createScratchDatabase, testPoolMax } from '@relay/db/testing';
import { createLogger } from '@relay/logger';
import { startFcmStandIn } from '@relay/push/testing';
import { io, type Socket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { startStandalone } from '../src/standalone.ts';

const GRACE_MS = 500;

async function api(url: string, method: string, path: string, token?: string, body?: unknown) {
  const res = await fetch(`${url}/api/v1${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // biome-ignore lint/suspicious/noExplicitAny: replies are asserted field by field
  return { status: res.status, body: (await res.json().catch(() => undefined)) as Record<string, any> };
}

async function login(url: string, email: string) {
  const res = await api(url, 'POST', '/auth/login', undefined, { tenant: 'demo', email, password: 'demo1234' });
  expect(res.status).toBe(200);
  return { token: res.body.accessToken as string, operatorId: res.body.operator.id as string };
}

async function until<T>(what: string, fn: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the worker in standalone', () => {
  it('routes a new conversation to the operator online, sets its SLA, and pushes only where nobody looked', {
    timeout: 60_000,
  }, async () => {
    const fcm = await startFcmStandIn();
    const scratch = await createScratchDatabase();
    const dir = mkdtempSync(join(tmpdir(), 'relay-standalone-worker-'));
    const caPath = join(dir, 'fcm-ca.pem');
    writeFileSync(caPath, fcm.ca);
    const config = loadConfig({
      NODE_ENV: 'test',
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: scratch.url,
      DATABASE_POOL_MAX: String(testPoolMax()),
      RELAY_DATA_DIR: dir,
      RELAY_WEB: 'false',
      PUSH_GRACE_MS: String(GRACE_MS),
      FCM_CREDENTIALS_PATH: await fcm.writeServiceAccount(dir),
      FCM_CONNECT_TO: fcm.connectTo,
      FCM_CA_PATH: caPath,
    });
    const relay = await startStandalone(config, createLogger({ app: 'standalone-test', level: 'silent' }));
    let socket: Socket<ServerToClientEvents, ClientToServerEvents> | undefined;
    try {
      const url = relay.url;
      const alice = await login(url, 'alice@demo.test');
      const bob = await login(url, 'bob@demo.test');
      const supervisor = await login(url, 'supervisor@demo.test');
      for (const [who, deviceId] of [
        [alice, 'alice-phone'],
        [bob, 'bob-phone'],
      ] as const) {
        const put = await api(url, 'PUT', `/devices/${deviceId}`, who.token, {
          deviceType: 'mobile',
          platform: 'android',
          fcmToken: `${deviceId}-fcm-token`,
        });
        expect(put.status).toBe(200);
      }

      // Alice's browser: connected, online, and acking everything it is shown.
      const seen: EventEnvelope[] = [];
      const browser = io(url, { auth: { token: alice.token, deviceId: 'alice-browser' }, transports: ['websocket'] });
      socket = browser;
      browser.on('event', (event) => {
        seen.push(event);
        browser.emit('ack', { seq: event.seq });
      });
      await new Promise<void>((resolve, reject) => {
        browser.once('connect', resolve);
        browser.once('connect_error', reject);
      });
      expect(await browser.emitWithAck('presence:set', { status: 'online' })).toEqual({ ok: true });

      const owner = await login(url, 'owner@demo.test');
      const account = await api(url, 'POST', '/channel-accounts', owner.token, {
        channel: 'telegram',
        name: 'Routing bot',
        externalAccountId: 'routing_bot',
        credentials: { botToken: '123456789:AAH-routing-test-token-000000000000' },
      });
      expect(account.status).toBe(201);
      const sentAt = Date.now();
      const hook = await fetch(account.body.webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': account.body.secret },
        body: JSON.stringify(
          telegramTextUpdate({ chatId: 777001, messageId: 1, text: 'Is anyone there?', from: { first_name: 'Olga' } }),
        ),
      });
      expect(hook.status).toBe(200);

      // Routed: round robin in Support among operators online — only Alice. (The demo's own waiting
      // conversation may reach her first: look for this one.)
      const created = await until('conversation.created', () =>
        seen.find((event) => event.type === 'conversation.created' && new Date(event.at).getTime() >= sentAt - 1000),
      );
      const conversationId = (created.data as { conversationId: string }).conversationId;
      const assigned = await until('conversation.assigned', () =>
        seen.find(
          (event) =>
            event.type === 'conversation.assigned' &&
            (event.data as { conversationId: string }).conversationId === conversationId,
        ),
      );
      expect(assigned.data).toMatchObject({ operatorId: alice.operatorId, kind: 'round_robin' });

      // Its SLA clock: the demo's Standard policy, 5 minutes to a first response.
      const conversation = await api(url, 'GET', `/conversations/${conversationId}`, alice.token);
      expect(conversation.body.slaPolicyId).toEqual(expect.any(String));
      const due = Date.parse(conversation.body.firstResponseDueAt);
      expect(due - sentAt).toBeGreaterThan(295_000);
      expect(due - sentAt).toBeLessThan(305_000);

      // Bob is offline: handing him the conversation reaches his phone after the grace.
      const handed = await api(url, 'POST', `/conversations/${conversationId}/assign`, supervisor.token, {
        operatorId: bob.operatorId,
      });
      expect(handed.status).toBe(200);
      // (Bob may also get the customer's message: it is his now, and he has not seen it.)
      const push = await fcm.waitFor(
        (request) => request.token === 'bob-phone-fcm-token' && request.message.data?.type === 'conversation.assigned',
        10_000,
      );
      expect(push.message.data).toMatchObject({ type: 'conversation.assigned', conversationId });
      expect(push.message.notification).toMatchObject({ title: 'Assigned to you' });

      // Alice looked at everything (message, assignment) in her browser: her phone stayed quiet.
      await new Promise((resolve) => setTimeout(resolve, GRACE_MS + 500));
      expect(
        fcm.requests
          .filter((request) => request.token === 'alice-phone-fcm-token')
          .map((r) => ({ ...r.message.data, at: r.at - sentAt })),
      ).toEqual([]);
    } finally {
      socket?.close();
      await relay.stop();
      await fcm.close();
      rmSync(dir, { recursive: true, force: true });
      await scratch.drop();
    }
  });
});
