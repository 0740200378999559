// Scaled-mode entry: the worker as its own process against PostgreSQL.
import { loadConfigOrExit } from '@relay/config';
import { createDb } from '@relay/db';
import { createLogger } from '@relay/logger';
import { createWorker } from './worker.ts';

const config = loadConfigOrExit();
const logger = createLogger({ app: 'worker', level: config.logLevel });
if (!config.database.url) {
  logger.fatal('DATABASE_URL is required to run the worker on its own (npm start runs everything in one process)');
  process.exit(1);
}
const sql = createDb({ url: config.database.url, max: config.database.poolMax, applicationName: 'relay-worker' });
const worker = createWorker({ sql, logger, config });
logger.info('worker running');

async function shutdown(signal: string) {
  logger.info({ signal }, 'shutting down');
  await worker.stop();
  await sql.end({ timeout: 5 });
  process.exit(0);
}
process.once('SIGTERM', () => void shutdown('SIGTERM'));
process.once('SIGINT', () => void shutdown('SIGINT'));
