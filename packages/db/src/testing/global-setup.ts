// Vitest global setup: one database for the whole run. With DATABASE_URL it is
// that server (migrated here); without it, an in-memory embedded PGlite that
// lives as long as the run. Test files receive its URL through inject().
import { loadConfig } from '@relay/config';
import type { TestProject } from 'vitest/node';
import { createDb } from '../create-db.ts';
import { startEmbeddedPostgres } from '../embedded.ts';
import { migrate } from '../migrate.ts';
import './provided-context.ts';

export default async function setup(project: TestProject) {
  const given = loadConfig().database.url;
  const embedded = given ? undefined : await startEmbeddedPostgres();
  const url = given ?? (embedded?.url as string);
  const sql = createDb({ url, max: 1 });
  try {
    await migrate(sql);
  } finally {
    await sql.end();
  }
  project.provide('databaseUrl', url);
  project.provide('embeddedDatabase', !given);
  return async () => {
    await embedded?.stop();
  };
}
