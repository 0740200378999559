// The scaled shape (the API and a gateway node, each with its own Redis
// clients from the one factory, sharing rooms through Redis) living through a
// Redis outage: Redis sits behind a TCP proxy the test takes down and brings
// back; the shared server itself is never touched, and a random adapter key
// and key prefix keep this run apart from every other.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApi } from '@relay/api';
import { telegramTextUpdate } from '@relay/channels/testing';
import { loadConfig } from '@relay/config';
import type { ClientToServerEvents, EventEnvelope, ServerToClientEvents } from '@relay/contracts';
import { latestSeq, seedDemoTenant, withTenant } from '@relay/db';
import { useTestDb as sharedTestDb, startTcpProxy, uniqueSlug } from '@relay/db/testing';
import { createGateway } from '@relay/gateway';
import { createLogger } from '@relay/logger';
import { createMetrics } from '@relay/metrics';
import { createPresenceStore, createRedisClient, createRedisPublisher, type RedisStateLogger } from '@relay/realtime';
import { io, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it, vi } from 'vitest';

const redisUrl = process.env.REDIS_URL;
if (!redisUrl) process.stdout.write('apps/standalone redis outage: skipped (REDIS_URL is not set)\n');

// The run's shared test database (useTestDb; renamed: the React hook rule applies in this workspace).
const sql = sharedTestDb();
const config = loadConfig({ NODE_ENV: 'test' });
const silent = createLogger({ app: 'redis-outage-test', level: 'silent' });
type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Every state line the Redis clients logged, by level. */
function recordingLogger() {
  const lines: { level: 'info' | 'warn'; fields: object; message: string }[] = [];
  const logger: RedisStateLogger = {
    info: (fields, message) => lines.push({ level: 'info', fields, message }),
    warn: (fields, message) => lines.push({ level: 'warn', fields, message }),
  };
  return { lines, logger };
}

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function startScaled(redisVia: string, stateLogger: RedisStateLogger) {
  const adapterKey = `relay-test-${crypto.randomUUID().slice(0, 8)}`;
  const keyPrefix = `${adapterKey}-keys`;
  const clients: ReturnType<typeof createRedisClient>[] = [];
  const redisClient = (name: string) => {
    const client = createRedisClient(redisVia, { name, logger: stateLogger });
    clients.push(client);
    return client;
  };
  cleanups.push(() => Promise.allSettled(clients.map((client) => client.quit())));

  const gatewayServer = createServer();
  const gateway = createGateway(gatewayServer, {
    sql,
    logger: silent,
    config,
    redis: redisClient('gateway'),
    adapterKey,
    keyPrefix,
  });
  cleanups.push(async () => {
    await gateway.close();
    gatewayServer.closeAllConnections();
    gatewayServer.close();
  });
  const gatewayUrl = await listen(gatewayServer);
  await gateway.ready();

  const apiRedis = redisClient('api');
  const metrics = createMetrics({ app: 'api' });
  const apiServer = createServer();
  cleanups.push(() => {
    apiServer.closeAllConnections();
    apiServer.close();
  });
  const apiUrl = await listen(apiServer);
  apiServer.on(
    'request',
    createApi({
      sql,
      redis: apiRedis,
      logger: silent,
      config: { ...config, publicUrl: apiUrl },
      publisher: createRedisPublisher(apiRedis, { key: adapterKey }),
      presence: createPresenceStore({ sql, redis: apiRedis, keyPrefix }),
      metrics,
    }),
  );
  await until(() => apiRedis.status === 'ready', 'the API to reach Redis');
  return { apiUrl, gatewayUrl, metrics, apiRedis };
}

async function call(url: string, path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json().catch(() => undefined)) as Record<string, unknown> };
}

function connect(url: string, token: string, deviceId: string): Client {
  const client: Client = io(url, { auth: { token, deviceId }, transports: ['websocket'], reconnection: false });
  cleanups.push(() => client.disconnect());
  return client;
}

describe.skipIf(!redisUrl)('the scaled shape through a Redis outage', () => {
  it('answers webhooks and logins while Redis is down, refuses new sockets with a code, and loses no event', {
    timeout: 60_000,
  }, async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    cleanups.push(() => process.off('unhandledRejection', onUnhandled));
    const consoleErrors = vi.spyOn(console, 'error');
    cleanups.push(() => consoleErrors.mockRestore());

    const target = new URL(redisUrl ?? 'redis://127.0.0.1:6379');
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 6379) });
    cleanups.push(() => proxy.close());
    const states = recordingLogger();
    const { apiUrl, gatewayUrl, metrics } = await startScaled(proxy.via(redisUrl ?? ''), states.logger);

    const slug = uniqueSlug('outage');
    const tenantId = await seedDemoTenant(sql, { slug, name: `Outage ${slug}`, encryptionKey: config.encryptionKey });
    const login = () =>
      call(apiUrl, '/api/v1/auth/login', { tenant: slug, email: 'owner@demo.test', password: 'demo1234' });
    const owner = (await login()).body as { accessToken: string };
    const account = await fetch(`${apiUrl}/api/v1/channel-accounts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${owner.accessToken}` },
      body: JSON.stringify({
        channel: 'telegram',
        name: 'Outage bot',
        externalAccountId: `ext-${slug}`,
        credentials: { botToken: '123456789:AAH-test-token-for-relay-0000000000' },
      }),
    }).then((res) => res.json() as Promise<{ webhookUrl: string; secret: string }>);
    let messageId = 0;
    const webhook = () => {
      messageId += 1;
      const update = telegramTextUpdate({ chatId: 5000 + (messageId % 3), messageId, text: `message ${messageId}` });
      return call(apiUrl, new URL(account.webhookUrl).pathname, update, {
        'x-telegram-bot-api-secret-token': account.secret,
      });
    };

    const start = await withTenant(sql, tenantId, (tx) => latestSeq(tx, tenantId));
    const client = connect(gatewayUrl, owner.accessToken, 'outage-owner');
    const live: EventEnvelope[] = [];
    client.on('event', (event) => live.push(event));
    await new Promise<void>((resolve, reject) => {
      client.once('connect', () => resolve());
      client.once('connect_error', reject);
    });

    // Redis up: webhooks are answered and their events arrive live.
    for (let i = 0; i < 3; i += 1) expect((await webhook()).status).toBe(200);
    await until(() => live.length > 0, 'the first events to arrive live');

    // Redis down (connections reset, new ones refused) and held down.
    await proxy.down();
    const whileDown = await Promise.all(Array.from({ length: 10 }, () => webhook()));
    for (let i = 0; i < 10; i += 1) whileDown.push(await webhook());
    expect(whileDown.map((reply) => reply.status)).toEqual(Array(20).fill(200));
    expect((await login()).status).toBe(200);
    const refusal = await new Promise<string | undefined>((resolve, reject) => {
      const another = connect(gatewayUrl, owner.accessToken, 'outage-new-socket');
      another.once('connect', () => reject(new Error('a new socket was admitted while Redis was down')));
      another.once('connect_error', (error) => resolve((error as { data?: { code?: string } }).data?.code));
    });
    expect(refusal).toBe('dependency_unavailable');
    // The open socket keeps working: its events pass the rate check (a per-node count now), an ack
    // that needs Redis answers dependency_unavailable at once, and sync (the database) still answers.
    expect(await client.timeout(5000).emitWithAck('ack', { seq: 1 })).toMatchObject({
      error: { code: 'dependency_unavailable' },
    });
    expect(await client.timeout(5000).emitWithAck('sync', { after: start })).toMatchObject({ ok: true });
    // Every answer above came while Redis was still down: nothing waited for it to return.
    expect(proxy.open).toBe(0);
    const dropped = await metrics.eventsPublishDropped.get();
    expect(dropped.values.reduce((sum, value) => sum + value.value, 0)).toBeGreaterThan(0);

    // Redis back: live delivery resumes, and a sync fills the gap.
    await proxy.up();
    const before = live.length;
    await until(async () => {
      await webhook();
      return live.length > before;
    }, 'live events after Redis came back');
    const latest = await withTenant(sql, tenantId, (tx) => latestSeq(tx, tenantId));
    // As the client library does: sync after the last seq it holds without a gap.
    const seen = new Set(live.map((event) => event.seq));
    let after = start;
    while (seen.has(after + 1)) after += 1;
    expect(after).toBeLessThan(latest);
    for (;;) {
      const reply = await client.timeout(5000).emitWithAck('sync', { after });
      if (!('events' in reply)) throw new Error(`sync failed: ${JSON.stringify(reply)}`);
      for (const event of reply.events) seen.add(event.seq);
      const last = reply.events.at(-1)?.seq;
      if (last === undefined || last >= latest) break;
      after = last;
    }
    const expected = Array.from({ length: latest - start }, (_, i) => start + i + 1);
    expect([...seen].filter((seq) => seq > start && seq <= latest).sort((a, b) => a - b)).toEqual(expected);

    // A socket is admitted again, and nothing went unhandled.
    const again = connect(gatewayUrl, owner.accessToken, 'outage-after');
    await new Promise<void>((resolve, reject) => {
      again.once('connect', () => resolve());
      again.once('connect_error', reject);
    });
    expect(unhandled).toEqual([]);
    const printed = consoleErrors.mock.calls.map((args) => args.map(String).join(' '));
    expect(printed.filter((line) => line.includes('Unhandled error event'))).toEqual([]);
    // One line per client when it went, one when it came back: not one per reconnect attempt.
    // (The adapter's own pair logs to the gateway's logger the same way.)
    await until(() => states.lines.filter((line) => line.level === 'info').length >= 2, 'both clients to reconnect');
    const byClient = new Map<string, string[]>();
    for (const line of states.lines) {
      const name = (line.fields as { redis: string }).redis;
      byClient.set(name, [...(byClient.get(name) ?? []), line.level]);
    }
    expect(Object.fromEntries(byClient)).toEqual({ api: ['warn', 'info'], gateway: ['warn', 'info'] });
  });
});
