import { createServer, type Server } from 'node:http';
import { type AddressInfo, createServer as createTcpServer } from 'node:net';
import { loadConfig } from '@relay/config';
import { createDb } from '@relay/db';
import { useTestDb } from '@relay/db/testing';
import { createLogger } from '@relay/logger';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { type ApiDeps, createApi } from '../src/app.ts';

const sql = useTestDb();
const logger = createLogger({ app: 'api-test', level: 'silent' });
const redisUrl = process.env.REDIS_URL;
if (!redisUrl) process.stdout.write('apps/api health: the Redis-reachable case is skipped (REDIS_URL is not set)\n');

/** A port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const probe = createTcpServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

const servers: Server[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

async function serve(deps: Partial<ApiDeps>): Promise<string> {
  const server = createServer(createApi({ sql, logger, config: loadConfig({}), ...deps }));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('health endpoints', () => {
  it('answers /healthz', async () => {
    const res = await fetch(`${await serve({})}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('is ready when the database answers and Redis is not configured', async () => {
    const res = await fetch(`${await serve({})}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', checks: { database: 'ok', redis: 'not_configured' } });
  });

  it.skipIf(!redisUrl)('is ready when the database and Redis answer', async () => {
    const redis = new Redis(redisUrl as string);
    try {
      const res = await fetch(`${await serve({ redis })}/readyz`);
      expect(await res.json()).toEqual({ status: 'ok', checks: { database: 'ok', redis: 'ok' } });
    } finally {
      redis.disconnect();
    }
  });

  it('answers 503 with the error shape when the database is down', async () => {
    const deadSql = createDb({ url: `postgres://postgres@127.0.0.1:${await closedPort()}/none`, max: 1 });
    try {
      const res = await fetch(`${await serve({ sql: deadSql })}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({
        error: {
          code: 'dependency_unavailable',
          message: 'a dependency is not reachable',
          details: { database: 'down', redis: 'not_configured' },
        },
      });
    } finally {
      await deadSql.end({ timeout: 0 });
    }
  });

  it('answers 503 when Redis is down, within the check timeout', async () => {
    const redis = new Redis({
      port: await closedPort(),
      host: '127.0.0.1',
      maxRetriesPerRequest: 0,
      lazyConnect: true,
    });
    redis.on('error', () => {});
    try {
      const started = Date.now();
      const res = await fetch(`${await serve({ redis })}/readyz`);
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: { details: unknown } }).error.details).toEqual({
        database: 'ok',
        redis: 'down',
      });
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      redis.disconnect();
    }
  });
});

describe('metrics', () => {
  it('serves Prometheus text with request durations labelled by route pattern, not raw path', async () => {
    const url = await serve({});
    const login = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(login.status).toBe(400);
    await fetch(`${url}/api/v1/conversations/00000000-0000-4000-8000-000000000000`);
    const res = await fetch(`${url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toMatch(
      /relay_http_request_duration_seconds_count\{[^}]*route="\/api\/v1\/auth\/login"[^}]*status="400"[^}]*\} 1/,
    );
    expect(text).not.toContain('00000000-0000-4000-8000-000000000000');
    expect(text).toContain('process_cpu_user_seconds_total');
  });
});
