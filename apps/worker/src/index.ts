// Scaled-mode entry: the worker as its own process against PostgreSQL.
import { loadConfigOrExit } from '@relay/config';
import { createDb } from '@relay/db';
import { createLogger } from '@relay/logger';
import { createMetrics } from '@relay/metrics';
import { pushSenderFromFiles } from '@relay/push';
import { createAckStore, createPresenceStore, createRedisClient, createRedisPublisher } from '@relay/realtime';
import { type MetricsServer, startMetricsServer } from './metrics-server.ts';
import { createWorker } from './worker.ts';

const config = loadConfigOrExit();
const logger = createLogger({ app: 'worker', level: config.logLevel });
if (!config.database.url) {
  logger.fatal('DATABASE_URL is required to run the worker on its own (npm start runs everything in one process)');
  process.exit(1);
}
const sql = createDb({
  url: config.database.url,
  max: config.database.poolMax,
  applicationName: 'relay-worker',
  connectTimeoutMs: config.database.connectTimeoutMs,
  statementTimeoutMs: config.database.statementTimeoutMs,
});
// With Redis, committed events reach every gateway node through the emitter.
// Without Redis this worker sees no gateway's presence or acks: routing stays
// off, and every push goes out after its grace.
const redis = config.redisUrl ? createRedisClient(config.redisUrl, { name: 'worker', logger }) : undefined;
if (!redis) logger.warn('REDIS_URL is not set: routing is off and pushes cannot see acks');
let push: Awaited<ReturnType<typeof pushSenderFromFiles>>;
try {
  push = await pushSenderFromFiles({
    credentialsPath: config.push.fcmCredentialsPath,
    projectId: config.push.fcmProjectId,
    connectTo: config.push.fcmConnectTo,
    caPath: config.push.fcmCaPath,
  });
} catch (error) {
  logger.fatal({ err: error }, 'push is misconfigured');
  process.exit(1);
}
const metrics = createMetrics({ app: 'worker' });
// Before any job runs: a port that cannot be had stops the worker at start, not mid-job.
let metricsServer: MetricsServer | undefined;
if (config.workerMetricsPort !== undefined) {
  try {
    metricsServer = await startMetricsServer({
      registry: metrics.registry,
      host: config.host,
      port: config.workerMetricsPort,
      logger,
    });
  } catch (error) {
    logger.fatal({ err: error, port: config.workerMetricsPort }, 'WORKER_METRICS_PORT could not be listened on');
    process.exit(1);
  }
}
const worker = createWorker({
  sql,
  logger,
  config,
  metrics,
  ...(redis
    ? {
        redis,
        publisher: createRedisPublisher(redis),
        presence: createPresenceStore({ sql, redis }),
        acks: createAckStore({ redis }),
      }
    : {}),
  ...(push ? { push } : {}),
});
logger.info({ push: push ? 'fcm' : 'skipped (no FCM_CREDENTIALS_PATH)' }, 'worker running');

// No new claims from the signal on; jobs in flight finish on open pools, which close after them.
async function shutdown(signal: string) {
  logger.info({ signal, timeoutMs: config.shutdownTimeoutMs }, 'shutting down: finishing jobs in flight');
  if (!(await worker.stop({ timeoutMs: config.shutdownTimeoutMs }))) {
    logger.warn('shutdown deadline passed; jobs still running are retried when their lease runs out');
  }
  await Promise.allSettled([sql.end({ timeout: 5 }), redis?.quit(), push?.close(), metricsServer?.close()]);
  logger.info('worker stopped');
  process.exit(0);
}
process.once('SIGTERM', () => void shutdown('SIGTERM'));
process.once('SIGINT', () => void shutdown('SIGINT'));
