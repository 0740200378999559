import { cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, MIGRATIONS_DIR, MigrationError, migrate, readMigrations, type Sql } from '../src/index.ts';
import { createScratchDatabase, type ScratchDatabase } from '../src/testing/index.ts';

async function copyMigrations(only?: number): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'relay-migrations-'));
  const names = (await readdir(MIGRATIONS_DIR)).sort().slice(0, only);
  for (const name of names) await cp(join(MIGRATIONS_DIR, name), join(dir, name));
  return dir;
}

describe('migrations on an empty database', () => {
  let scratch: ScratchDatabase;
  let sql: Sql;
  const dirs: string[] = [];
  beforeAll(async () => {
    scratch = await createScratchDatabase();
    sql = createDb({ url: scratch.url, max: 1 });
  });
  afterAll(async () => {
    await sql.end();
    await scratch.drop();
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('applies every file in order from zero, then nothing the second time', async () => {
    const files = (await readMigrations()).map((m) => m.name);
    expect(files.length).toBeGreaterThan(0);
    expect(await migrate(sql)).toEqual(files);
    const recorded = await sql<{ name: string }[]>`select name from schema_migrations order by name`;
    expect(recorded.map((r) => r.name)).toEqual(files);
    const [tables] = await sql<{ count: number }[]>`
      select count(*)::int as count from pg_tables where schemaname = 'public' and tablename <> 'schema_migrations'`;
    expect(tables?.count).toBeGreaterThanOrEqual(28);

    expect(await migrate(sql)).toEqual([]);
  });

  it('refuses to run when an applied migration was edited', async () => {
    const dir = await copyMigrations();
    dirs.push(dir);
    const [first] = (await readdir(dir)).sort();
    await writeFile(join(dir, first as string), '-- edited after the fact\nselect 1;\n');
    await expect(migrate(sql, dir)).rejects.toThrow(MigrationError);
    await expect(migrate(sql, dir)).rejects.toThrow(/was changed after it was applied/);
  });

  it('refuses to run against a database migrated by a newer build', async () => {
    const dir = await copyMigrations(1);
    dirs.push(dir);
    await expect(migrate(sql, dir)).rejects.toThrow(/which this build does not know/);
  });

  it('refuses a file that is not named NNNN_name.sql', async () => {
    const dir = await copyMigrations();
    dirs.push(dir);
    await writeFile(join(dir, 'add stuff.sql'), 'select 1;');
    await expect(migrate(sql, dir)).rejects.toThrow(/must be named/);
  });

  it('rolls a failing migration back whole and records nothing for it', async () => {
    const dir = await copyMigrations();
    dirs.push(dir);
    await writeFile(join(dir, '9999_broken.sql'), 'create table half_done (id int);\nselect * from no_such_table;');
    await expect(migrate(sql, dir)).rejects.toThrow(/9999_broken.sql failed/);
    const [row] =
      await sql`select to_regclass('half_done') as t, (select count(*) from schema_migrations where name = '9999_broken.sql') as n`;
    expect(row).toEqual({ t: null, n: 0 });
  });
});

describe('migrations from two processes at once', () => {
  it('applies each migration exactly once', async () => {
    const scratch = await createScratchDatabase();
    const one = createDb({ url: scratch.url, max: 1 });
    const two = createDb({ url: scratch.url, max: 1 });
    try {
      const [a, b] = await Promise.all([migrate(one), migrate(two)]);
      const files = (await readMigrations()).map((m) => m.name);
      expect([...a, ...b].sort()).toEqual(files);
      const [count] = await one<{ n: number }[]>`select count(*)::int as n from schema_migrations`;
      expect(count?.n).toBe(files.length);
    } finally {
      await Promise.all([one.end(), two.end()]);
      await scratch.drop();
    }
  });
});
