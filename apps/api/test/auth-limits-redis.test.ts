// The auth limiters keep their counts in Redis, and a Redis outage (refused
// connections, or a server that stops answering) makes them count in process
// memory instead: logins still answer 200/401/429, never 500, never a hang.
import { randomUUID } from 'node:crypto';
import { startTcpProxy, type TcpProxy } from '@relay/db/testing';
import { createLogger } from '@relay/logger';
import { createMetrics } from '@relay/metrics';
import { createRedisClient } from '@relay/realtime';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { config, expectErrorShape, useApi } from './support/api-harness.ts';

const redisUrl = process.env.REDIS_URL;
if (!redisUrl) process.stdout.write('apps/api auth limits on Redis: skipped (REDIS_URL is not set)\n');

/** Far beyond any healthy answer, far below "hanging": the bound a login must answer within. */
const ANSWER_WITHIN_MS = 10_000;

// The API's Redis connection goes through a proxy the tests can take down and freeze.
const target = redisUrl ? new URL(redisUrl) : undefined;
const proxy = target ? await startTcpProxy({ host: target.hostname, port: Number(target.port || 6379) }) : undefined;

describe.skipIf(!redisUrl || !proxy)('auth limiters on Redis', () => {
  // A skipped suite's body still runs to collect its tests: without Redis, collect one and build nothing.
  if (!redisUrl || !proxy) {
    it('needs REDIS_URL', () => {});
    return;
  }
  const keyPrefix = `test:${randomUUID()}`;
  const metrics = createMetrics({ app: 'api-test' });
  const tcp: TcpProxy = proxy;
  // The API's own kind of client (fail-fast commands, reconnecting forever), through the proxy.
  const redis = createRedisClient(tcp.via(redisUrl), {
    name: 'api-test',
    logger: createLogger({ app: 'api-test', level: 'silent' }),
  });
  const direct = new Redis(redisUrl);
  afterAll(async () => {
    redis.disconnect();
    const keys = await direct.keys(`${keyPrefix}:*`);
    if (keys.length > 0) await direct.del(...keys);
    direct.disconnect();
    await tcp.close();
  });
  const authLimits = {
    login: { delayBaseMs: 1, maxDelayMs: 2, keyPrefix: `${keyPrefix}:login` },
    signup: { keyPrefix: `${keyPrefix}:signup` },
  };
  const behindProxy = { ...config, trustProxy: ['loopback'] };
  const api = useApi({ redis, metrics, config: behindProxy, authLimits });
  // Another API process on the same Redis (straight, not through the proxy); on embedded
  // PGlite, a one-connection database, it shares the first one's.
  const shared = inject('embeddedDatabase') ? { sql: api.sql } : {};
  const second = useApi({ redis: direct, config: behindProxy, authLimits, ...shared });

  const login = (slug: string, password: string, ip = '192.0.2.50', via = api) =>
    via.call('POST', '/api/v1/auth/login', {
      body: { tenant: slug, email: 'alice@demo.test', password },
      headers: { 'x-forwarded-for': ip },
    });
  const fallbacks = async () => (await metrics.authLimiterFallbacks.get()).values[0]?.value ?? 0;
  const waitFor = async (condition: () => boolean) => {
    const deadline = Date.now() + ANSWER_WITHIN_MS;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error('condition not met in time');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  it('counts failures in Redis while it answers, shared by every API process', async () => {
    const { slug } = await api.demoTenant();
    await waitFor(() => redis.status === 'ready');
    expect((await login(slug, 'nope')).status).toBe(401);
    expect(await direct.keys(`${keyPrefix}:login:*`)).not.toEqual([]);
    // The counts are shared: failures through one API process block the pair on the other.
    for (let i = 0; i < 9; i++) expect((await login(slug, 'nope', '198.51.100.5')).status).toBe(401);
    expect((await login(slug, 'nope', '198.51.100.5', second)).status).toBe(401);
    expectErrorShape(await login(slug, 'nope', '198.51.100.5', second), 429, 'rate_limited');
    expectErrorShape(await login(slug, 'demo1234', '198.51.100.5'), 429, 'rate_limited');
    expect(await fallbacks()).toBe(0);
  });

  // Before the refused-connections case: its switch to memory would still be on here.
  it('answers from memory when Redis stops answering (frozen), after one limiter timeout', async () => {
    const { slug } = await api.demoTenant();
    await waitFor(() => redis.status === 'ready');
    const before = await fallbacks();
    tcp.freeze();
    const started = Date.now();
    expect((await login(slug, 'demo1234')).status).toBe(200);
    expect((await login(slug, 'nope')).status).toBe(401);
    expect(Date.now() - started).toBeLessThan(ANSWER_WITHIN_MS);
    expect(await fallbacks()).toBeGreaterThan(before);
    tcp.thaw();
  });
  it('answers from memory when Redis refuses connections: 200 and 401, then 429, never 500', async () => {
    const { slug } = await api.demoTenant();
    await tcp.down();
    await waitFor(() => redis.status !== 'ready');
    const started = Date.now();
    expect((await login(slug, 'demo1234')).status).toBe(200);
    for (let i = 0; i < 10; i++) expect((await login(slug, 'nope', '198.51.100.9')).status).toBe(401);
    expectErrorShape(await login(slug, 'nope', '198.51.100.9'), 429, 'rate_limited');
    expect(Date.now() - started).toBeLessThan(ANSWER_WITHIN_MS);
    expect(await fallbacks()).toBeGreaterThan(0);
    await tcp.up();
  });

  it('goes back to counting in Redis once it answers again, without a restart', async () => {
    const { slug } = await api.demoTenant();
    await waitFor(() => redis.status === 'ready');
    // The limiters retry Redis a few seconds after the switch; each try is a failure from a new address.
    const deadline = Date.now() + 20_000;
    for (let host = 1; ; host++) {
      const ip = `203.0.113.${host}`;
      expect((await login(slug, 'nope', ip)).status).toBe(401);
      if ((await direct.exists(`${keyPrefix}:login:ip:${ip}`)) === 1) break;
      if (Date.now() > deadline) throw new Error('the limiters never went back to Redis');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  });
});
