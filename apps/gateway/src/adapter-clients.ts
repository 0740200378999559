// Owns the Redis adapter's two connections. The publisher fails fast like
// every request-path client (a broadcast while Redis is away is dropped: the
// sockets on this node still get it, the others catch up by seq); the
// subscriber queues its SUBSCRIBEs until connected and renews them after
// every reconnect, so a node that lived through an outage hears again.
import type { Logger } from '@relay/logger';
import { duplicateRedisClient, publishFailureReporter, redisReady } from '@relay/realtime';
import type { Redis } from 'ioredis';

export type AdapterClients = { pub: Redis; sub: Redis; ready: Promise<void> };

export function adapterClients(redis: Redis, logger: Logger): AdapterClients {
  const pub = duplicateRedisClient(redis, { name: 'gateway-adapter-pub', logger });
  const sub = duplicateRedisClient(redis, { name: 'gateway-adapter-sub', logger, profile: 'subscriber' });
  catchPublishFailures(pub, logger);
  // PING queues behind the adapter's (P)SUBSCRIBE on the same connection.
  const ready = Promise.all([redisReady(pub), sub.ping()]).then(() => undefined);
  return { pub, sub, ready };
}

/**
 * The adapter publishes without awaiting or catching, so every PUBLISH that
 * fails in an outage would be an unhandled rejection (fatal in Node). Each
 * one is caught here, counted into one log line per quiet period, and still
 * returned as it was to anyone who does await it.
 */
function catchPublishFailures(pub: Redis, logger: Logger): void {
  const report = publishFailureReporter({ logger });
  const publish = pub.publish.bind(pub) as (channel: string, message: string | Buffer) => Promise<number>;
  const guarded = (channel: string, message: string | Buffer) => {
    const sent = publish(channel, message);
    sent.catch((error: unknown) => report(error, []));
    return sent;
  };
  Object.assign(pub, { publish: guarded });
}
