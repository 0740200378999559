// Scaled-mode entry: one gateway node against PostgreSQL and (for more than
// one node) Redis. Reads config, opens connections, listens; the gateway
// itself is in gateway.ts.
import { createServer } from 'node:http';
import { loadConfigOrExit } from '@relay/config';
import { createDb } from '@relay/db';
import { createLogger } from '@relay/logger';
import { createRedisClient } from '@relay/realtime';
import { createGateway } from './gateway.ts';

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
// Socket.IO answers /socket.io/; everything else is a health check or nothing.
// A draining node fails its health check so the load balancer stops sending clients to it.
const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/healthz') {
    res.writeHead(gateway.draining ? 503 : 200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: gateway.draining ? 'draining' : 'ok' }));
    return;
  }
  res.writeHead(404, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: { code: 'not_found', message: 'not found' } }));
});
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
