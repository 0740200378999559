// `npm start`: reads config, starts the whole product in one process, prints
// where it is and how to log in, and shuts down cleanly on Ctrl-C.
import { loadConfigOrExit } from '@relay/config';
import { DEMO_LOGINS, DEMO_PASSWORD, DEMO_TENANT_SLUG } from '@relay/db';
import { createLogger } from '@relay/logger';
import { type Standalone, startStandalone } from './standalone.ts';

const config = loadConfigOrExit();
const logger = createLogger({ app: 'relay', level: config.logLevel });

function banner(relay: Standalone): string {
  const lines = ['', `Relay is running at ${relay.url}`, `Database: ${relay.database}`];
  if (relay.demoTenant) {
    lines.push(`Demo login (tenant "${DEMO_TENANT_SLUG}", password "${DEMO_PASSWORD}"):`);
    for (const login of DEMO_LOGINS) lines.push(`  ${login.email.padEnd(22)} ${login.role}`);
  } else {
    lines.push('No demo tenant (RELAY_DEMO=false or production mode).');
  }
  lines.push('Press Ctrl-C to stop.', '');
  return lines.join('\n');
}

let relay: Standalone;
try {
  relay = await startStandalone(config, logger);
} catch (error) {
  process.stderr.write(`Relay could not start: ${(error as Error).message}\n`);
  process.exit(1);
}
let stopping = false;
async function shutdown(signal: string) {
  if (stopping) {
    process.stderr.write('Forced exit.\n');
    process.exit(1);
  }
  stopping = true;
  logger.info({ component: 'standalone', signal }, 'shutting down');
  try {
    await relay.stop();
    process.stdout.write('Relay stopped.\n');
    process.exit(0);
  } catch (error) {
    process.stderr.write(`Shutdown failed: ${(error as Error).message}\n`);
    process.exit(1);
  }
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
// Only now: whoever waits for the banner may signal us at once.
process.stdout.write(banner(relay));
