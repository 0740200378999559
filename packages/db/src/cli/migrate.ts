// `npm run db:migrate`: applies pending migrations to DATABASE_URL and exits.
// Scaled deployments run it once before the apps start (docker-compose does).
import { loadConfigOrExit } from '@relay/config';
import { createDb } from '../create-db.ts';
import { migrate } from '../migrate.ts';

const config = loadConfigOrExit();
if (!config.database.url) {
  process.stderr.write('DATABASE_URL is required (the embedded database migrates itself on npm start)\n');
  process.exit(1);
}
const sql = createDb({ url: config.database.url, max: 1, applicationName: 'relay-migrate' });
try {
  const applied = await migrate(sql);
  process.stdout.write(applied.length ? `applied ${applied.join(', ')}\n` : 'database is up to date\n');
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exitCode = 1;
} finally {
  await sql.end();
}
