// Scaled-mode entry: the worker as its own process against PostgreSQL.
import { loadConfigOrExit } from '@relay/config';
import { createDb } from '@relay/db';
import { createLogger } from '@relay/logger';
import { createRedisPublisher } from '@relay/realtime';
import { Redis } from 'ioredis';
import { createWorker } from './worker.ts';

const config = loadConfigOrExit();
const logger = createLogger({ app: 'worker', level: config.logLevel });
if (!config.database.url) {
  logger.fatal('DATABASE_URL is required to run the worker on its own (npm start runs everything in one process)');
  process.exit(1);
}
const sql = createDb({ url: config.database.url, max: config.database.poolMax, applicationName: 'relay-worker' });
// With Redis, committed events reach every gateway node through the emitter.
const redis = config.redisUrl ? new Redis(config.redisUrl) : undefined;
const worker = createWorker({ sql, logger, config, publisher: redis ? createRedisPublisher(redis) : undefined });
logger.info('worker running');

async function shutdown(signal: string) {
  logger.info({ signal }, 'shutting down');
  await worker.stop();
  await Promise.allSettled([sql.end({ timeout: 5 }), redis?.quit()]);
  process.exit(0);
}
process.once('SIGTERM', () => void shutdown('SIGTERM'));
process.once('SIGINT', () => void shutdown('SIGINT'));
