import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { telegramTextUpdate } from '@relay/channels/testing';
import { createDb, type Sql, seedDemoTenant } from '@relay/db';
import { startTcpProxy, type TcpProxy, testPoolMax, uniqueSlug, useTestDb } from '@relay/db/testing';
import { createLogger } from '@relay/logger';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { createApi } from '../src/app.ts';
import { config, type Reply } from './support/api-harness.ts';

// The API with its pool behind a TCP proxy the tests cut, bring down and
// freeze: PostgreSQL failing the ways production sees it (issue 13, item 5).
// Every answer while the database is away is 503 dependency_unavailable with
// Retry-After, never a 500 or a hang, and the same process serves again when
// the database is back.

const url = inject('databaseUrl');
const embedded = inject('embeddedDatabase');
/** Short, so the frozen-database test waits a second, not ten. */
const STATEMENT_TIMEOUT_MS = 3000;
const BOT_TOKEN = '123456789:AAH-test-token-for-relay-0000000000';

const admin = useTestDb();
const applicationName = `relay-api-faults-${randomBytes(4).toString('hex')}`;
let proxy: TcpProxy;
let sql: Sql;
let server: Server;
let base = '';
const crashes: unknown[] = [];
const onCrash = (error: unknown) => crashes.push(error);

beforeAll(async () => {
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  const { hostname, port } = new URL(url);
  proxy = await startTcpProxy({ host: hostname, port: Number(port || 5432) });
  sql = createDb({
    url: proxy.via(url),
    max: testPoolMax(),
    applicationName,
    connectTimeoutMs: 1000,
    statementTimeoutMs: STATEMENT_TIMEOUT_MS,
  });
  const app = createApi({
    sql,
    logger: createLogger({ app: 'api-faults-test', level: process.env.FAULTS_LOG ?? 'silent' }),
    config: { ...config, database: { ...config.database, statementTimeoutMs: STATEMENT_TIMEOUT_MS } },
  });
  server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await sql.end({ timeout: 5 });
  await proxy.close();
  process.off('uncaughtException', onCrash);
  process.off('unhandledRejection', onCrash);
});
afterEach(async () => {
  // Whatever a test did to the database, the next one starts with it reachable.
  proxy.thaw();
  await proxy.up();
  expect(crashes).toEqual([]);
});

async function call(
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: kept as text for the assertion message
  }
  return { status: res.status, body, headers: res.headers };
}

/** Retries until the API answers 2xx: the database is back, and this process serves again. */
async function untilServed(request: () => Promise<Reply>): Promise<Reply> {
  let last: Reply | undefined;
  await vi.waitUntil(
    async () => {
      last = await request();
      return last.status < 300;
    },
    { timeout: 20_000, interval: 50 },
  );
  return last as Reply;
}

function expectUnavailable(reply: Reply) {
  expect({ status: reply.status, code: reply.body?.error?.code }).toEqual({
    status: 503,
    code: 'dependency_unavailable',
  });
  expect(Number(reply.headers.get('retry-after'))).toBeGreaterThan(0);
}

type Workspace = { tenantId: string; owner: string; webhookPath: string; secret: string };

/** A tenant with a Telegram account, made through the proxied API while the database is reachable. */
async function workspace(): Promise<Workspace> {
  const slug = uniqueSlug('faults');
  const tenantId = await seedDemoTenant(admin, { slug, name: `Faults ${slug}`, encryptionKey: config.encryptionKey });
  const login = await untilServed(() =>
    call('POST', '/api/v1/auth/login', { body: { tenant: slug, email: 'owner@demo.test', password: 'demo1234' } }),
  );
  const owner = login.body.accessToken as string;
  const created = await call('POST', '/api/v1/channel-accounts', {
    token: owner,
    body: {
      channel: 'telegram',
      name: 'Faults',
      externalAccountId: `ext-${slug}`,
      credentials: { botToken: BOT_TOKEN },
    },
  });
  expect(created.status).toBe(201);
  return { tenantId, owner, webhookPath: new URL(created.body.webhookUrl).pathname, secret: created.body.secret };
}

function postUpdate(ws: Workspace, chatId: number, messageId: number) {
  const update = telegramTextUpdate({ chatId, messageId, text: `message ${messageId}` });
  return fetch(`${base}${ws.webhookPath}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': ws.secret },
    body: JSON.stringify(update),
  }).then(async (res) => ({ status: res.status, body: (await res.json()) as { error?: { code?: string } } }));
}

/** How many times each message of the chat is stored. */
async function storedCounts(tenantId: string, chatId: number): Promise<Map<number, number>> {
  const rows = await admin<{ externalMessageId: string; copies: number }[]>`
    select external_message_id, count(*)::int as copies from messages
    where tenant_id = ${tenantId} and external_message_id like ${`${chatId}:%`}
    group by external_message_id`;
  return new Map(rows.map((row) => [Number(row.externalMessageId.split(':')[1]), row.copies]));
}

type Killer = { name: string; kill(): Promise<void> };
const killers: Killer[] = [
  { name: 'its connections are cut', kill: async () => proxy.cut() },
  // The embedded database is one PGlite session behind a socket: it has no backends to terminate.
  ...(embedded
    ? []
    : [
        {
          name: 'its backends are terminated',
          kill: async () => {
            await admin`select pg_terminate_backend(pid) from pg_stat_activity where application_name = ${applicationName}`;
          },
        },
      ]),
];

describe('the API when PostgreSQL fails', () => {
  it.each(killers)(
    'stores every acknowledged webhook exactly once while $name mid-stream, and answers the rest 503',
    async ({ kill }) => {
      const ws = await workspace();
      const chatId = 50_000 + Math.floor(Math.random() * 1_000_000);
      const acknowledged = new Set<number>();
      const refused = new Set<number>();
      const others: string[] = [];
      let messageId = 0;
      for (let wave = 0; wave < 6; wave++) {
        const posts = Array.from({ length: 4 }, () => {
          const id = ++messageId;
          return postUpdate(ws, chatId, id).then((reply) => {
            if (reply.status === 200) acknowledged.add(id);
            else if (reply.status === 503 && reply.body.error?.code === 'dependency_unavailable') refused.add(id);
            else others.push(`${id}: ${reply.status} ${JSON.stringify(reply.body)}`);
          });
        });
        // Kill once the wave is under way: some answered, the rest in flight.
        await Promise.race(posts);
        await kill();
        await Promise.all(posts);
      }
      expect(others).toEqual([]);
      expect(acknowledged.size).toBeGreaterThan(0);

      const stored = await storedCounts(ws.tenantId, chatId);
      for (const id of acknowledged) expect({ id, copies: stored.get(id) }).toEqual({ id, copies: 1 });

      // The provider retries what was refused: each is stored once, never twice.
      for (const id of refused) {
        const retry = await untilServed(() => postUpdate(ws, chatId, id) as Promise<Reply>);
        expect(retry.status).toBe(200);
      }
      const after = await storedCounts(ws.tenantId, chatId);
      expect([...after.values()].every((copies) => copies === 1)).toBe(true);
      expect(after.size).toBe(messageId);
    },
  );

  it('answers 503 with Retry-After while PostgreSQL is down, and serves again when it is back', async () => {
    const ws = await workspace();
    await proxy.down();
    expectUnavailable(await call('GET', '/api/v1/conversations?view=unassigned', { token: ws.owner }));
    const webhook = await postUpdate(ws, 777_001, 1);
    expect({ status: webhook.status, code: webhook.body.error?.code }).toEqual({
      status: 503,
      code: 'dependency_unavailable',
    });

    await proxy.up();
    const served = await untilServed(() => call('GET', '/api/v1/conversations?view=unassigned', { token: ws.owner }));
    expect(served.status).toBe(200);
    expect((await postUpdate(ws, 777_001, 1)).status).toBe(200);
  });

  it('answers 503 within the statement timeout while PostgreSQL is frozen, and serves again when it thaws', async () => {
    const ws = await workspace();
    proxy.freeze();
    const [list, webhook] = await Promise.all([
      call('GET', '/api/v1/conversations?view=unassigned', { token: ws.owner }),
      postUpdate(ws, 777_002, 1),
    ]);
    expectUnavailable(list);
    expect({ status: webhook.status, code: webhook.body.error?.code }).toEqual({
      status: 503,
      code: 'dependency_unavailable',
    });

    proxy.thaw();
    const served = await untilServed(() => call('GET', '/api/v1/conversations?view=unassigned', { token: ws.owner }));
    expect(served.status).toBe(200);
    const retried = await untilServed(() => postUpdate(ws, 777_002, 1) as Promise<Reply>);
    expect(retried.status).toBe(200);
    expect((await storedCounts(ws.tenantId, 777_002)).get(1)).toBe(1);
  });
});
