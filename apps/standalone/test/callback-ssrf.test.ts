// SSRF through an api channel's callbackUrl, end to end in one Relay (API +
// worker + database): saving a loopback callback is refused (422); an account
// whose callback points at an internal service anyway (saved before callback
// URLs were checked) gets an operator's reply `failed` with a short reason in
// Relay's words, and the internal service receives nothing. The deployment's
// allowlisted integration still gets its replies.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hmacSha256Hex } from '@relay/channels';
import { apiChannelTextWebhook, startApiCallbackStandIn } from '@relay/channels/testing';
import { loadConfig } from '@relay/config';
import { createDb } from '@relay/db';
import { createScratchDatabase, testPoolMax } from '@relay/db/testing';
import { createLogger } from '@relay/logger';
import { sealSecret } from '@relay/security';
import { describe, expect, it } from 'vitest';
import { startStandalone } from '../src/standalone.ts';

const SECRET_TEXT = 'internal-admin-token-do-not-leak';

async function call(url: string, method: string, path: string, token?: string, body?: unknown) {
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

async function until<T>(what: string, read: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('an api channel callback aimed at an internal service', () => {
  it('is refused when saved, and a reply through one saved earlier fails without reaching it', {
    timeout: 90_000,
  }, async () => {
    const internalRequests: IncomingMessage[] = [];
    const internal = createServer((req, res) => {
      internalRequests.push(req);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: SECRET_TEXT }));
    });
    await new Promise<void>((resolve) => internal.listen(0, '127.0.0.1', resolve));
    const internalOrigin = `http://127.0.0.1:${(internal.address() as AddressInfo).port}`;
    const integration = await startApiCallbackStandIn({ secret: 'crm-shared-secret-0123456789' });
    const scratch = await createScratchDatabase();
    const dir = mkdtempSync(join(tmpdir(), 'relay-ssrf-'));
    const config = loadConfig({
      NODE_ENV: 'test',
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: scratch.url,
      DATABASE_POOL_MAX: String(testPoolMax()),
      RELAY_DATA_DIR: dir,
      RELAY_WEB: 'false',
      // The deployment's own integration, and nothing else on loopback.
      OUTBOUND_ALLOW: new URL(integration.url).host,
    });
    const relay = await startStandalone(config, createLogger({ app: 'standalone-ssrf-test', level: 'silent' }));
    const sql = createDb({ url: scratch.url, max: 2 });
    try {
      const login = await call(relay.url, 'POST', '/auth/login', undefined, {
        tenant: 'demo',
        email: 'owner@demo.test',
        password: 'demo1234',
      });
      const owner = login.body.accessToken as string;

      const refused = await call(relay.url, 'POST', '/channel-accounts', owner, {
        channel: 'api',
        name: 'Internal',
        externalAccountId: 'internal',
        credentials: { callbackUrl: `${internalOrigin}/admin/users` },
      });
      expect(refused.status).toBe(422);
      expect(refused.body.error.message).toBe(
        'the callback URL cannot be used: the destination is a loopback address, which is not allowed',
      );

      const account = await call(relay.url, 'POST', '/channel-accounts', owner, {
        channel: 'api',
        name: 'CRM',
        externalAccountId: 'crm',
        credentials: { callbackUrl: integration.url },
        secret: 'crm-shared-secret-0123456789',
      });
      expect(account.status).toBe(201);
      const webhook = JSON.stringify(apiChannelTextWebhook({ id: 'in-1', chatId: 'chat-ssrf', text: 'Hello?' }));
      const hook = await fetch(account.body.webhookUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-signature': `sha256=${hmacSha256Hex('crm-shared-secret-0123456789', webhook)}`,
        },
        body: webhook,
      });
      expect(hook.status).toBe(200);
      const conversationId = await until('the conversation', async () => {
        const [row] = await sql<{ id: string }[]>`select id from conversations where external_chat_id = 'chat-ssrf'`;
        return row?.id;
      });
      const reply = async (text: string) => {
        const sent = await call(relay.url, 'POST', `/conversations/${conversationId}/messages`, owner, {
          content: text,
          clientMessageId: `reply-${text.length}-${Date.now()}`,
        });
        expect(sent.status).toBe(201);
        const id = sent.body.id as string;
        return until(`the reply "${text}" to settle`, async () => {
          const list = await call(relay.url, 'GET', `/conversations/${conversationId}/messages`, owner);
          const message = (list.body.items as { id: string; status: string }[]).find((m) => m.id === id);
          return message && message.status !== 'pending' ? message : undefined;
        });
      };

      // The allowlisted integration gets the reply.
      expect(await reply('Your order shipped')).toMatchObject({ status: 'sent' });
      expect(integration.requests.at(-1)).toMatchObject({ verified: true });

      // The same account, its callback now the internal service's (saved before the check existed).
      await sql`update channel_accounts set credentials = ${sealSecret(
        config.encryptionKey,
        JSON.stringify({ callbackUrl: `${internalOrigin}/admin/users` }),
      )} where id = ${account.body.id}`;
      const failed = await reply('Anything else?');
      expect(failed).toMatchObject({
        status: 'failed',
        error: 'api channel callback: refused: the destination is a loopback address, which is not allowed',
      });
      expect(JSON.stringify(failed)).not.toContain(SECRET_TEXT);
      expect(internalRequests).toHaveLength(0);
    } finally {
      await sql.end({ timeout: 5 });
      await relay.stop();
      await integration.close();
      internal.closeAllConnections();
      await new Promise((resolve) => internal.close(resolve));
      rmSync(dir, { recursive: true, force: true });
      await scratch.drop();
    }
  });
});
