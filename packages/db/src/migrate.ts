// Owns schema migrations: plain SQL files applied in name order, one
// transaction each, recorded with a checksum so an edited history is refused.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Sql, Tx } from './create-db.ts';

/** The repository's db/migrations folder. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../db/migrations', import.meta.url));

const FILE_NAME = /^\d{4}_[a-z0-9_]+\.sql$/;
// Any constant works; it only has to be the same for every process migrating.
const MIGRATION_LOCK_KEY = 7_262_012_401;

export type Migration = { name: string; sql: string; checksum: string };

export class MigrationError extends Error {
  override name = 'MigrationError';
}

export async function readMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.sql')).sort();
  const bad = names.find((name) => !FILE_NAME.test(name));
  if (bad) throw new MigrationError(`migration file ${bad} must be named NNNN_lowercase_name.sql`);
  return Promise.all(
    names.map(async (name) => {
      const text = await readFile(join(dir, name), 'utf8');
      return { name, sql: text, checksum: createHash('sha256').update(text).digest('hex') };
    }),
  );
}

type Applied = { name: string; checksum: string };

/**
 * A migration may rewrite a big table, and waits for another process's: the pool's
 * statement timeout (DATABASE_STATEMENT_TIMEOUT_MS) is for requests, not for this transaction.
 */
async function noStatementTimeout(tx: Tx): Promise<void> {
  await tx`select set_config('statement_timeout', '0', true)`;
}

/**
 * Applies every pending migration and returns the names it applied. Safe to
 * run from several processes at once: each migration takes a transaction-level
 * advisory lock and re-checks whether another process got there first.
 */
export async function migrate(sql: Sql, dir = MIGRATIONS_DIR): Promise<string[]> {
  const migrations = await readMigrations(dir);
  // Under the lock: two concurrent CREATE TABLE IF NOT EXISTS can still collide.
  await sql.begin(async (tx) => {
    await noStatementTimeout(tx);
    await tx`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`;
    await tx`
      create table if not exists schema_migrations (
        name text primary key,
        checksum text not null,
        applied_at timestamptz not null default now()
      )`;
  });
  const applied = await sql<Applied[]>`select name, checksum from schema_migrations order by name`;
  verifyHistory(migrations, applied);

  const done = new Set(applied.map((row) => row.name));
  const appliedNow: string[] = [];
  for (const migration of migrations) {
    if (done.has(migration.name)) continue;
    const ran = await sql.begin(async (tx) => {
      await noStatementTimeout(tx);
      await tx`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`;
      const [already] = await tx`select 1 from schema_migrations where name = ${migration.name}`;
      if (already) return false;
      try {
        await tx.unsafe(migration.sql).simple();
      } catch (error) {
        throw new MigrationError(`migration ${migration.name} failed: ${(error as Error).message}`);
      }
      await tx`insert into schema_migrations (name, checksum) values (${migration.name}, ${migration.checksum})`;
      return true;
    });
    if (ran) appliedNow.push(migration.name);
  }
  return appliedNow;
}

function verifyHistory(migrations: Migration[], applied: Applied[]) {
  const byName = new Map(migrations.map((m) => [m.name, m]));
  for (const row of applied) {
    const file = byName.get(row.name);
    if (!file) {
      throw new MigrationError(
        `the database has migration ${row.name}, which this build does not know: it was migrated by a newer version`,
      );
    }
    if (file.checksum !== row.checksum) {
      throw new MigrationError(
        `migration ${row.name} was changed after it was applied (checksum ${row.checksum.slice(0, 12)} in the database, ` +
          `${file.checksum.slice(0, 12)} on disk); restore the file and put the change in a new migration`,
      );
    }
  }
}
