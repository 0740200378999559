// Scaled-mode entry: one gateway node against PostgreSQL and (for more than
// one node) Redis. Reads config, opens connections, listens; the gateway
// itself is in gateway.ts.
import { createServer } from 'node:http';
import { loadConfigOrExit } from '@relay/config';
import { createDb } from '@relay/db';
import { createLogger } from '@relay/logger';
import { createRedisClient } from '@relay/realtime';
import { createGateway } from './gateway.ts';
import { gatewayHttpRoutes } from './http-routes.ts';

const config = loadConfigOrExit();
const logger = createLogger({ app: 'gateway', level: config.logLevel });
if (!config.database.url) {
  logger.fatal('DATABASE_URL is required to run the gateway on its own (npm start runs everything in one process)');
  process.exit(1);
}

const sql = createDb({
  url: config.database.url,
  max: config.database.poolMax,
  applicationName: 'relay-gateway',
  connectTimeoutMs: config.database.connectTimeoutMs,
  statementTimeoutMs: config.database.statementTimeoutMs,
});
const redis = config.redisUrl ? createRedisClient(config.redisUrl, { name: 'gateway', logger }) : undefined;
// Socket.IO answers /socket.io/; the rest is /healthz, /metrics or nothing (http-routes.ts).
const server = createServer(gatewayHttpRoutes(() => gateway));
const gateway = createGateway(server, { sql, redis, logger, config });

server.listen(config.port, config.host, () => {
  logger.info({ port: config.port, adapter: redis ? 'redis' : 'memory' }, 'gateway listening');
});

async function shutdown(signal: string) {
  logger.info({ signal }, 'shutting down');
  // SIGTERM (a deploy, a scale-down): hand the sockets to the other nodes first. SIGINT: at once.
  if (signal === 'SIGTERM') await gateway.drain();
  else await gateway.close();
  await Promise.allSettled([sql.end({ timeout: 5 }), redis?.quit()]);
  process.exit(0);
}
process.once('SIGTERM', () => void shutdown('SIGTERM'));
process.once('SIGINT', () => void shutdown('SIGINT'));
