// JSON nested 10,000 levels deep on every route the API serves (from the
// router and the OpenAPI table): refused before anything walks it, as a 400
// naming the limit (or a 401/404 where that is decided first), never a 5xx,
// and cheap enough that /healthz stays responsive while several arrive at once.
import { createHmac } from 'node:crypto';
import { request } from 'node:http';
import { MAX_JSON_DEPTH } from '@relay/contracts';
import { beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENTED_OPERATIONS } from '../src/openapi/build-document.ts';
import { useApi } from './support/api-harness.ts';
import { listApiRoutes, listWebhookRoutes } from './support/routes.ts';

const api = useApi();
const DEPTH = 10_000;
const BODIES = {
  arrays: '['.repeat(DEPTH) + ']'.repeat(DEPTH),
  objects: `${'{"a":'.repeat(DEPTH)}1${'}'.repeat(DEPTH)}`,
};

type Raw = { status: number; body: { error?: { code: string; details?: Array<Record<string, unknown>> } } };

/** node:http, because fetch refuses a body on GET, and every method must be tried. */
function send(method: string, path: string, body: string, headers: Record<string, string> = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const length = String(Buffer.byteLength(body));
    const req = request(`${api.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'content-length': length, ...headers },
    });
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        text += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : {} }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function expectTooDeep(reply: Raw, where: string) {
  if (reply.status !== 400 || reply.body.error?.code !== 'bad_request') {
    throw new Error(`${where}: expected 400 bad_request, got ${reply.status} ${JSON.stringify(reply.body)}`);
  }
  expect(reply.body.error.details?.[0]).toMatchObject({ code: 'too_deep', maxDepth: MAX_JSON_DEPTH });
}

let token = '';
let ids: Record<string, string> = {};
beforeAll(async () => {
  const { slug, tenantId } = await api.demoTenant();
  token = (await api.login(slug, 'owner@demo.test')).accessToken;
  const [message] = await api.sql<{ id: string; conversation: string }[]>`
    select id, conversation_id as conversation from messages where tenant_id = ${tenantId} limit 1`;
  ids = { id: message?.conversation as string, messageId: message?.id as string };
});

const fill = (path: string) =>
  path.replace(/:(\w+)/g, (_m, name: string) => ids[name] ?? '00000000-0000-4000-8000-000000000000');

const apiRoutes = [...new Set([...listApiRoutes(), ...DOCUMENTED_OPERATIONS].map((r) => `${r.method} ${r.path}`))]
  .filter((key) => key.includes(' /api/v1/'))
  .map((key) => key.split(' ') as [string, string]);

describe('10,000-deep JSON', () => {
  it('covers every documented route', () => {
    const webhooks = listWebhookRoutes().map((r) => `${r.method} ${r.path}`);
    const covered = [...apiRoutes.map(([m, p]) => `${m} ${p}`), ...webhooks];
    expect(DOCUMENTED_OPERATIONS.map((op) => `${op.method} ${op.path}`).filter((k) => !covered.includes(k))).toEqual(
      [],
    );
  });

  for (const [shape, body] of Object.entries(BODIES)) {
    it.each(apiRoutes)(`%s %s: deep ${shape} are a 400 naming the limit, with or without a token`, async (m, p) => {
      expectTooDeep(await send(m, fill(p), body, { authorization: `Bearer ${token}` }), `${m} ${p}`);
      expectTooDeep(await send(m, fill(p), body), `${m} ${p} (no token)`);
    });
  }

  it('judges the text, whatever its charset: UTF-16 is decoded first, a charset nobody sends is a 415', async () => {
    const login = '/api/v1/auth/login';
    const utf16 = (text: string, charset: string) =>
      new Promise<Raw>((resolve, reject) => {
        const body = Buffer.from(text, 'utf16le');
        const req = request(`${api.url}${login}`, {
          method: 'POST',
          headers: { 'content-type': `application/json; charset=${charset}`, 'content-length': body.length },
        });
        req.on('response', (res) => {
          let data = '';
          res.on('data', (chunk) => {
            data += chunk;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(data) }));
        });
        req.on('error', reject);
        req.end(body);
      });
    expectTooDeep(await utf16(BODIES.objects, 'utf-16le'), 'utf-16le');
    // Within the limit, the body reaches the route (and fails its schema there).
    const shallow = await utf16(JSON.stringify({ tenant: '[[[' }), 'utf-16le');
    expect(shallow.status).toBe(400);
    expect(shallow.body.error?.details?.[0]).not.toMatchObject({ code: 'too_deep' });
    expect((await utf16(BODIES.arrays, 'utf-32')).status).toBe(415);
  });

  it('webhooks: a deep body is a 404 for an unknown account, and a 400 after a valid signature', async () => {
    for (const body of Object.values(BODIES)) {
      const unknown = await send('POST', '/webhooks/telegram/0123456789abcdef0123456789', body);
      expect(unknown.status).toBe(404);
      // GET (the WhatsApp handshake) does not read a body.
      expect((await send('GET', '/webhooks/whatsapp/0123456789abcdef0123456789', body)).status).toBe(404);
    }
    const { slug } = await api.demoTenant();
    const owner = (await api.login(slug, 'owner@demo.test')).accessToken;
    const made = async (channel: string, credentials: Record<string, unknown>) => {
      const reply = await api.call('POST', '/api/v1/channel-accounts', {
        token: owner,
        body: { channel, name: channel, externalAccountId: `deep-${channel}-${slug}`, credentials },
      });
      expect(reply.status).toBe(201);
      return { path: new URL(reply.body.webhookUrl).pathname, secret: reply.body.secret as string };
    };
    const sign = (secret: string, body: string) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
    const telegram = await made('telegram', { botToken: '123456789:AAH-test-token-for-relay-0000000000' });
    const whatsapp = await made('whatsapp', {
      accessToken: 'EAAG-test-access-token-0000',
      phoneNumberId: '1234567890',
    });
    const apiChannel = await made('api', {});
    for (const [shape, body] of Object.entries(BODIES)) {
      const where = (channel: string) => `${channel} webhook, deep ${shape}`;
      const headers = { 'x-telegram-bot-api-secret-token': telegram.secret };
      expectTooDeep(await send('POST', telegram.path, body, headers), where('telegram'));
      const signed = { 'x-hub-signature-256': sign(whatsapp.secret, body) };
      expectTooDeep(await send('POST', whatsapp.path, body, signed), where('whatsapp'));
      const apiSigned = { 'x-signature': sign(apiChannel.secret, body) };
      expectTooDeep(await send('POST', apiChannel.path, body, apiSigned), where('api'));
      // The signature is still checked first, on the raw bytes.
      expect((await send('POST', whatsapp.path, body, { 'x-hub-signature-256': sign('wrong', body) })).status).toBe(
        401,
      );
    }
  });

  it('is cheap: /healthz answers while 8 deep logins run at once (figures logged, not asserted)', async () => {
    const login = '/api/v1/auth/login';
    const started = performance.now();
    expectTooDeep(await send('POST', login, BODIES.arrays), 'login');
    const one = performance.now() - started;
    const burst = performance.now();
    const deep = Promise.all(Array.from({ length: 8 }, () => send('POST', login, BODIES.arrays)));
    const health = await fetch(`${api.url}/healthz`);
    const healthMs = performance.now() - burst;
    for (const reply of await deep) expectTooDeep(reply, 'login burst');
    const burstMs = performance.now() - burst;
    expect(health.status).toBe(200);
    // biome-ignore lint/suspicious/noConsole: the figures go into the report; they are not asserted
    console.info(
      `deep JSON (${DEPTH} levels): one request ${one.toFixed(1)} ms round trip; 8 at once ${burstMs.toFixed(1)} ms; /healthz during them ${healthMs.toFixed(1)} ms`,
    );
  });
});
