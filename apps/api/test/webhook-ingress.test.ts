// The webhook ingress (http/webhook-ingress.ts) answers webhooks on node:http
// in front of Express. Every answer it gives is compared with the one the
// whole Express pipeline gives to the same request, status, body and headers,
// on the same database: it must be indistinguishable apart from speed.
import { createHmac } from 'node:crypto';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { telegramTextUpdate, whatsAppStatusWebhook } from '@relay/channels/testing';
import { createLogger } from '@relay/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExpressApp, resolveDeps } from '../src/app.ts';
import { DEADLINE_MARGIN_MS } from '../src/http/request-deadline.ts';
import { webhookIngress } from '../src/http/webhook-ingress.ts';
import type { WebhookHandlers } from '../src/routes/webhooks/webhook-routes.ts';
import { config, useApi } from './support/api-harness.ts';

type Line = { level: number; msg: string; req?: { url?: string }; res?: { statusCode?: number } };
const lines: Line[] = [];
const INFO = 30;
const DEBUG = 20;
const logger = createLogger({
  app: 'ingress-test',
  level: 'info',
  destination: { write: (line: string) => void lines.push(JSON.parse(line) as Line) },
});
const api = useApi({ logger });

// The reference: the Express application alone, webhooks through pino-http, helmet and the router.
let reference: Server;
let referenceUrl = '';
beforeAll(async () => {
  const deps = resolveDeps({ sql: api.sql, logger: createLogger({ app: 'reference', level: 'silent' }), config });
  reference = createServer(createExpressApp(deps));
  await new Promise<void>((resolve) => reference.listen(0, '127.0.0.1', resolve));
  referenceUrl = `http://127.0.0.1:${(reference.address() as AddressInfo).port}`;
});
afterAll(async () => {
  reference.closeAllConnections();
  await new Promise((resolve) => reference.close(resolve));
});

type Answer = { status: number; headers: Record<string, string | string[] | undefined>; body: string };
type Send = { headers?: Record<string, string>; body?: string | Buffer; chunked?: boolean };

/** One request over node:http, so the test controls the framing (Content-Length or chunked). */
function send(base: string, method: string, path: string, options: Send = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const body = options.body ?? '';
    const headers: Record<string, string | number> = { ...options.headers };
    if (!options.chunked && method === 'POST') headers['content-length'] = Buffer.byteLength(body);
    const req = request(`${base}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }),
      );
    });
    req.on('error', reject);
    if (options.chunked) {
      // Several writes without a length: the limit is met while reading, not from the header.
      const buffer = Buffer.from(body);
      for (let at = 0; at < buffer.length; at += 256 * 1024) req.write(buffer.subarray(at, at + 256 * 1024));
    } else if (method === 'POST') {
      req.write(body);
    }
    req.end();
  });
}

/** Server-Timing's parts by name: {read: {dur: 0.31}, …, batch: {desc: '1'}}. */
function serverTiming(answer: Answer): Record<string, { dur?: number; desc?: string }> {
  const header = answer.headers['server-timing'];
  if (typeof header !== 'string') return {};
  return Object.fromEntries(
    header.split(',').map((part) => {
      const [name, ...params] = part.trim().split(';');
      const fields = Object.fromEntries(params.map((param) => param.split('=') as [string, string]));
      return [
        name,
        { ...(fields.dur ? { dur: Number(fields.dur) } : {}), ...(fields.desc ? { desc: fields.desc } : {}) },
      ];
    }),
  );
}

/**
 * What must match: everything but the date, Express's ETag (a POST answer is never cached) and
 * Server-Timing's durations (its names must match).
 */
function comparable(answer: Answer) {
  const { date: _date, etag: _etag, ...headers } = answer.headers;
  if (headers['server-timing'] !== undefined) headers['server-timing'] = Object.keys(serverTiming(answer)).join(',');
  return { status: answer.status, headers, body: answer.body };
}

let requestIds = 0;
/** The same request to the ingress and to the reference; their answers, which must be equal. */
async function both(method: string, path: string, options: Send = {}) {
  const headers = { ...options.headers, 'x-request-id': `ingress-test-${++requestIds}` };
  const ingress = await send(api.url, method, path, { ...options, headers });
  const express = await send(referenceUrl, method, path, { ...options, headers });
  expect(comparable(ingress)).toEqual(comparable(express));
  return ingress;
}

async function channelAccount(channel: string, credentials: Record<string, unknown>) {
  const { slug } = await api.demoTenant();
  const owner = (await api.login(slug, 'owner@demo.test')).accessToken;
  const created = await api.call('POST', '/api/v1/channel-accounts', {
    token: owner,
    body: { channel, name: channel, externalAccountId: `ingress-${channel}-${slug}`, credentials },
  });
  expect(created.status).toBe(201);
  const body = created.body as { webhookUrl: string; secret: string; verifyToken?: string };
  return { path: new URL(body.webhookUrl).pathname, secret: body.secret, verifyToken: body.verifyToken };
}

const telegram = () => channelAccount('telegram', { botToken: '123456789:AAH-test-token-for-relay-0000000000' });
const whatsapp = () =>
  channelAccount('whatsapp', { accessToken: 'EAAG-test-access-token-0000', phoneNumberId: '1234567890' });
const sign = (secret: string, body: string) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
const errorOf = (answer: Answer) => (JSON.parse(answer.body) as { error: { code: string } }).error;

describe('the webhook ingress', () => {
  it('refuses exactly as the Express pipeline does: bad JSON, too deep, bad signature, unknown token, bad params', async () => {
    const acc = await telegram();
    const secret = { 'x-telegram-bot-api-secret-token': acc.secret, 'content-type': 'application/json' };
    const update = JSON.stringify(telegramTextUpdate({ chatId: 1, messageId: 1, text: 'hi' }));

    expect((await both('POST', acc.path, { headers: secret, body: '{"update_id": 1, "message": ' })).status).toBe(400);
    const deep = await both('POST', acc.path, { headers: secret, body: `${'['.repeat(100)}${']'.repeat(100)}` });
    expect({ status: deep.status, code: errorOf(deep).code }).toEqual({ status: 400, code: 'bad_request' });
    expect(JSON.parse(deep.body).error.details[0]).toMatchObject({ code: 'too_deep' });
    const wrongSecret = { ...secret, 'x-telegram-bot-api-secret-token': 'wrong' };
    expect(errorOf(await both('POST', acc.path, { headers: wrongSecret, body: update })).code).toBe(
      'invalid_signature',
    );
    expect(errorOf(await both('POST', acc.path, { body: update })).code).toBe('invalid_signature');
    const unknown = await both('POST', '/webhooks/telegram/not-a-real-token-0123456789', { body: update });
    expect({ status: unknown.status, code: errorOf(unknown).code }).toEqual({ status: 404, code: 'not_found' });
    expect((await both('POST', acc.path.replace('/telegram/', '/whatsapp/'), { body: update })).status).toBe(404);
    const badChannel = await both('POST', acc.path.replace('/telegram/', '/fax/'), { body: update });
    expect(JSON.parse(badChannel.body).error).toMatchObject({ code: 'bad_request', details: [{ path: ['channel'] }] });
    expect((await both('POST', '/webhooks/telegram/short', { body: update })).status).toBe(400);
    const wrongShape = await both('POST', acc.path, { headers: secret, body: '{"update_id":"one"}' });
    expect(errorOf(wrongShape).code).toBe('bad_request');
    // None was taken by Express: pino-http would log the URL with the token.
    const logged = lines.filter((line) => line.msg === 'request completed' && line.req?.url?.startsWith('/webhooks/'));
    expect(logged.length).toBeGreaterThanOrEqual(9);
    expect(logged.every((line) => line.req?.url?.endsWith('/:token') && line.level === INFO)).toBe(true);
    expect(JSON.stringify(lines)).not.toContain(acc.path.split('/')[3]);
  });

  it('refuses a body over 1 MB with 413, announced or chunked, before looking up the account', async () => {
    const acc = await whatsapp();
    const big = `{"a":"${'x'.repeat(1024 * 1024)}"}`;
    for (const chunked of [false, true]) {
      for (const path of [acc.path, '/webhooks/whatsapp/not-a-real-token-0123456789']) {
        const answer = await both('POST', path, { body: big, chunked, headers: { 'x-hub-signature-256': 'x' } });
        expect({ status: answer.status, code: errorOf(answer).code }).toEqual({
          status: 413,
          code: 'payload_too_large',
        });
      }
    }
    // Exactly the limit is read, and judged on its signature.
    const limit = `{"a":"${'x'.repeat(1024 * 1024 - 8)}"}`;
    expect(Buffer.byteLength(limit)).toBe(1024 * 1024);
    expect((await both('POST', acc.path, { body: limit, headers: { 'x-hub-signature-256': 'x' } })).status).toBe(401);
  });

  it('answers the WhatsApp handshake as text with the same headers, and refuses a wrong token', async () => {
    const acc = await whatsapp();
    const query = (token: string) => `?hub.mode=subscribe&hub.verify_token=${token}&hub.challenge=1158201444`;
    const ok = await both('GET', `${acc.path}${query(acc.verifyToken ?? '')}`);
    expect(ok).toMatchObject({ status: 200, body: '1158201444' });
    expect(ok.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(ok.headers['x-content-type-options']).toBe('nosniff');
    expect((await both('GET', `${acc.path}${query('nope')}`)).status).toBe(403);
    expect((await both('GET', acc.path)).status).toBe(403);
  });

  it('acknowledges with the headers of every other answer, logs a 2xx at debug only, and times the route', async () => {
    const acc = await whatsapp();
    const webhook = (id: string) => {
      const body = JSON.stringify(whatsAppStatusWebhook({ phoneNumberId: '1234567890', id, status: 'read' }));
      return {
        body,
        headers: { 'x-hub-signature-256': sign(acc.secret, body), 'x-request-id': `given-${id.replace('.', '-')}` },
      };
    };
    const before = lines.length;
    const ingress = await send(api.url, 'POST', acc.path, webhook('wamid.A'));
    const express = await send(referenceUrl, 'POST', acc.path, webhook('wamid.B'));
    expect(ingress.status).toBe(200);
    expect(JSON.parse(ingress.body)).toEqual({ ok: true, stored: 0, duplicates: 0, statuses: 0, edits: 0 });
    expect(ingress.headers['x-request-id']).toBe('given-wamid-A');
    expect(ingress.headers['content-type']).toBe('application/json; charset=utf-8');
    const { 'x-request-id': _a, ...ingressHeaders } = comparable(ingress).headers;
    const { 'x-request-id': _b, ...expressHeaders } = comparable(express).headers;
    expect(ingressHeaders).toEqual(expressHeaders);
    // Without an id (or with one that is not a plain token) the answer carries a new one.
    const fresh = await send(api.url, 'POST', acc.path, {
      ...webhook('wamid.C'),
      headers: { ...webhook('wamid.C').headers, 'x-request-id': 'not an id!' },
    });
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    // At info, the acknowledged webhooks write no request line; at debug they do.
    expect(lines.slice(before).filter((line) => line.msg === 'request completed')).toEqual([]);
    logger.level = 'debug';
    try {
      expect((await send(api.url, 'POST', acc.path, webhook('wamid.D'))).status).toBe(200);
    } finally {
      logger.level = 'info';
    }
    const acknowledged = lines.filter(
      (line) => line.req?.url?.startsWith('/webhooks/') && line.res?.statusCode === 200,
    );
    expect(acknowledged).toMatchObject([{ level: DEBUG, req: { url: '/webhooks/whatsapp/:token' } }]);

    const metrics = await (await fetch(`${api.url}/metrics`)).text();
    const timed = metrics
      .split('\n')
      .find(
        (line) =>
          line.startsWith('relay_http_request_duration_seconds_count{') &&
          line.includes('method="POST",route="/webhooks/:channel/:token",status="200"'),
      );
    expect(Number(timed?.split(' ').at(-1))).toBeGreaterThanOrEqual(2);
  });

  it('says in Server-Timing where the time of a stored webhook went: read, queue, database, publish, and its batch', async () => {
    const acc = await telegram();
    const update = JSON.stringify(telegramTextUpdate({ chatId: 31, messageId: 1, text: 'timed' }));
    const started = performance.now();
    const answer = await send(api.url, 'POST', acc.path, {
      body: update,
      headers: { 'x-telegram-bot-api-secret-token': acc.secret },
    });
    const elapsed = performance.now() - started;
    expect(answer.status).toBe(200);
    const parts = serverTiming(answer);
    expect(Object.keys(parts)).toEqual(['read', 'queue', 'db', 'publish', 'batch']);
    const durations = ['read', 'queue', 'db', 'publish'].map((name) => parts[name]?.dur as number);
    for (const dur of durations) expect(dur).toBeGreaterThanOrEqual(0);
    // The transaction took some time, and the parts fit inside what the client waited.
    expect(parts.db?.dur).toBeGreaterThan(0);
    expect(durations.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(elapsed);
    expect(Number(parts.batch?.desc)).toBeGreaterThanOrEqual(1);
    // A refusal carries none: nothing was stored.
    const refused = await send(api.url, 'POST', acc.path, { body: update, headers: {} });
    expect(refused.status).toBe(401);
    expect(refused.headers['server-timing']).toBeUndefined();
  });

  it('hands a compressed body to Express, which inflates and stores it', async () => {
    const acc = await telegram();
    const update = JSON.stringify(telegramTextUpdate({ chatId: 9, messageId: 1, text: 'squeezed' }));
    const answer = await send(api.url, 'POST', acc.path, {
      body: gzipSync(update),
      headers: { 'content-encoding': 'gzip', 'x-telegram-bot-api-secret-token': acc.secret },
    });
    expect({ status: answer.status, body: JSON.parse(answer.body) }).toMatchObject({
      status: 200,
      body: { ok: true, stored: 1 },
    });
    // pino-http's line, with the URL: this one went through Express.
    expect(lines.some((line) => line.req?.url === acc.path)).toBe(true);
  });

  it('answers 503 with Retry-After at the request deadline, as Express does, and drops the late answer', async () => {
    // A handler that answers only after the deadline: the database was late.
    const late: WebhookHandlers = {
      receive: () =>
        new Promise((resolve) =>
          setTimeout(() => resolve({ ok: true, stored: 1, duplicates: 0, statuses: 0, edits: 0 }), 400),
        ),
      challenge: () => new Promise((resolve) => setTimeout(() => resolve('late'), 400)),
    };
    const deps = resolveDeps({
      sql: api.sql,
      logger: createLogger({ app: 'deadline', level: 'silent' }),
      config: { ...config, database: { ...config.database, statementTimeoutMs: 200 - DEADLINE_MARGIN_MS } },
    });
    const app = createExpressApp(deps, late);
    const ingress = webhookIngress(deps, late);
    const servers = [
      createServer((req, res) => {
        if (!ingress(req, res)) throw new Error(`the ingress did not take ${req.method} ${req.url}`);
      }),
      createServer(app),
    ];
    try {
      const [ingressUrl, expressUrl] = await Promise.all(
        servers.map(
          (server) =>
            new Promise<string>((resolve) =>
              server.listen(0, '127.0.0.1', () =>
                resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
              ),
            ),
        ),
      );
      for (const method of ['POST', 'GET']) {
        const path = '/webhooks/telegram/0123456789abcdef0123456789';
        const options = { body: '{}', headers: { 'x-request-id': `deadline-${method}` } };
        const [fast, slow] = await Promise.all([
          send(ingressUrl as string, method, path, options),
          send(expressUrl as string, method, path, options),
        ]);
        expect(comparable(fast)).toEqual(comparable(slow));
        expect({ status: fast.status, code: errorOf(fast).code, retryAfter: fast.headers['retry-after'] }).toEqual({
          status: 503,
          code: 'dependency_unavailable',
          retryAfter: expect.stringMatching(/^[1-9]\d*$/),
        });
      }
      // The late answers arrive after the 503 and go nowhere (no crash, no second response).
      await new Promise((resolve) => setTimeout(resolve, 400));
    } finally {
      for (const server of servers) {
        server.closeAllConnections();
        server.close();
      }
    }
  });
});
