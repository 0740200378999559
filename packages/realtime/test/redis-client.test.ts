// The one Redis client factory: while Redis is away a command fails at once
// with an error the outage classifier knows (nothing queues), the connection
// keeps retrying and comes back by itself, and the log gets one line when it
// went and one when it is back, however many reconnect attempts failed.
import { isDependencyUnavailable } from '@relay/db';
import { startTcpProxy } from '@relay/db/testing';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createRedisClient, type RedisStateLogger } from '../src/index.ts';

const redisUrl = process.env.REDIS_URL;
if (!redisUrl) process.stdout.write('packages/realtime redis client: skipped (REDIS_URL is not set)\n');

async function until(check: () => boolean, what: string) {
  const deadline = Date.now() + 15_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe.skipIf(!redisUrl)('createRedisClient', () => {
  it('fails commands fast while Redis is down, reconnects by itself, and logs each change once', async () => {
    const target = new URL(redisUrl ?? 'redis://127.0.0.1:6379');
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 6379) });
    onTestFinished(() => proxy.close());
    const lines: string[] = [];
    const logger: RedisStateLogger = {
      info: (_fields, message) => lines.push(`info ${message}`),
      warn: (_fields, message) => lines.push(`warn ${message}`),
    };
    const redis = createRedisClient(proxy.via(redisUrl ?? ''), { name: 'test', logger });
    onTestFinished(() => redis.disconnect());
    let attempts = 0;
    redis.on('reconnecting', () => {
      attempts += 1;
    });
    await until(() => redis.status === 'ready', 'the first connection');
    expect(await redis.ping()).toBe('PONG');

    await proxy.down();
    await until(() => attempts >= 3, 'several failed reconnect attempts');
    const failed = await redis.ping().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(isDependencyUnavailable(failed)).toBe(true);
    expect(lines).toEqual(['warn redis unavailable: its commands fail fast until it is back']);

    await proxy.up();
    await until(() => redis.status === 'ready', 'the reconnection');
    expect(await redis.ping()).toBe('PONG');
    expect(lines).toEqual([
      'warn redis unavailable: its commands fail fast until it is back',
      'info redis connection restored',
    ]);
  });
});
