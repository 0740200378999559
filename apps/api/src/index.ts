// Scaled-mode entry: the API as its own process against PostgreSQL and Redis.
// Reads config, opens connections, listens; the application is in app.ts.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfigOrExit } from '@relay/config';
import { createDb } from '@relay/db';
import { createLogger } from '@relay/logger';
import { createPresenceStore, createRedisClient, createRedisPublisher } from '@relay/realtime';
import { createApi } from './app.ts';
import { trackHttpServer } from './http/drain-http-server.ts';
import { createWebhookAccountCache } from './ingest/account-cache.ts';

const config = loadConfigOrExit();
const logger = createLogger({ app: 'api', level: config.logLevel });
if (!config.database.url) {
  logger.fatal(
    'DATABASE_URL is required to run the API on its own (npm start runs everything with an embedded database)',
  );
  process.exit(1);
}

const sql = createDb({
  url: config.database.url,
  max: config.database.poolMax,
  applicationName: 'relay-api',
  connectTimeoutMs: config.database.connectTimeoutMs,
  statementTimeoutMs: config.database.statementTimeoutMs,
});
const redis = config.redisUrl ? createRedisClient(config.redisUrl, { name: 'api', logger }) : undefined;
// With Redis, committed events reach every gateway node through the emitter.
const publisher = redis ? createRedisPublisher(redis) : undefined;
// The gateways keep presence in Redis; without it this process cannot see sockets.
const presence = redis ? createPresenceStore({ sql, redis }) : undefined;
// Webhooks find their account in memory; writers' changes reach every API process through Redis.
const webhookAccounts = createWebhookAccountCache({ sql, redis, logger });
const server = createServer(createApi({ sql, redis, logger, config, publisher, presence, webhookAccounts }));
const http = trackHttpServer(server);

server.listen(config.port, config.host, () => {
  logger.info({ port: (server.address() as AddressInfo).port }, 'api listening');
});

// Requests in flight finish on open pools; the pools close only after the last response.
async function shutdown(signal: string) {
  logger.info({ signal, timeoutMs: config.shutdownTimeoutMs }, 'shutting down: draining requests');
  const drained = await http.drain({ timeoutMs: config.shutdownTimeoutMs });
  if (!drained) logger.warn('shutdown deadline passed; the remaining connections were closed');
  await webhookAccounts.close();
  await Promise.allSettled([sql.end({ timeout: 5 }), redis?.quit()]);
  logger.info('api stopped');
  process.exit(0);
}
process.once('SIGTERM', () => void shutdown('SIGTERM'));
process.once('SIGINT', () => void shutdown('SIGINT'));
