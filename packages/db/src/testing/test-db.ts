// Test access to the run's database, with teardown registered by the helper
// that opened it, plus throwaway databases for tests that need a blank one.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, inject } from 'vitest';
import { createDb, type Sql } from '../create-db.ts';
import { startEmbeddedPostgres } from '../embedded.ts';
import { migrate } from '../migrate.ts';
import { createServerScratchDatabase, type ScratchDatabase } from './scratch-database.ts';
import './provided-context.ts';

/** The pool size that suits the database under test (embedded: one session). */
export function testPoolMax(): number {
  return inject('embeddedDatabase') ? 1 : 8;
}

/** A pool on the run's migrated database, closed after the file's tests. */
export function useTestDb(): Sql {
  const sql = createDb({ url: inject('databaseUrl'), max: testPoolMax(), applicationName: 'relay-test' });
  afterAll(() => sql.end({ timeout: 5 }));
  return sql;
}

export type { ScratchDatabase } from './scratch-database.ts';

/**
 * An empty database of the same kind as the run's: a new database on the
 * PostgreSQL server, or a fresh in-memory PGlite when running embedded.
 */
export async function createScratchDatabase(): Promise<ScratchDatabase> {
  if (inject('embeddedDatabase')) {
    const embedded = await startEmbeddedPostgres();
    return { url: embedded.url, drop: () => embedded.stop() };
  }
  return createServerScratchDatabase(inject('databaseUrl'));
}

/**
 * A migrated database of its own for this file, for tests whose code works
 * across tenants (workers claiming jobs) and must not touch other files' rows.
 * Use the returned getter inside tests and hooks.
 */
export function useScratchDb(): () => Sql {
  let scratch: ScratchDatabase | undefined;
  let sql: Sql | undefined;
  beforeAll(async () => {
    scratch = await createScratchDatabase();
    sql = createDb({ url: scratch.url, max: testPoolMax(), applicationName: 'relay-test' });
    await migrate(sql);
  });
  afterAll(async () => {
    await sql?.end({ timeout: 5 });
    await scratch?.drop();
  });
  return () => {
    if (!sql) throw new Error('useScratchDb(): the database is ready only inside tests and hooks');
    return sql;
  };
}

export function uniqueSlug(prefix = 't'): string {
  return `${prefix}-${randomBytes(5).toString('hex')}`;
}
