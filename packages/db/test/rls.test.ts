// Row-level security, generated from the catalog: every table with a tenant_id
// column is checked, so a new table cannot slip through without a policy.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Sql, withTenant } from '../src/index.ts';
import { fillEveryTenantTable, type TenantFixture, useTestDb } from '../src/testing/index.ts';

const sql = useTestDb();

const tenantTables = (
  await sql<{ tableName: string }[]>`
    select c.relname as table_name
      from pg_class c
      join pg_namespace n on n.oid = c.relnamespace
      join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
     where n.nspname = 'public' and c.relkind in ('r', 'p')
     order by c.relname`
).map((row) => row.tableName);

const INSUFFICIENT_PRIVILEGE = '42501';

async function rlsError(run: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await run();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

/** The table's rows of one tenant as text, read as the schema owner (no RLS). */
async function rowsOf(db: Sql, table: string, tenantId: string): Promise<string[]> {
  const rows = await db<{ row: string }[]>`
    select to_jsonb(t)::text as row from ${db(table)} t where tenant_id = ${tenantId}`;
  return rows.map((r) => r.row);
}

/** The columns a row can be inserted with (generated columns are left to the table). */
async function writableColumns(db: Sql, table: string): Promise<string[]> {
  const columns = await db<{ attname: string }[]>`
    select attname from pg_attribute
     where attrelid = ${table}::regclass and attnum > 0 and not attisdropped and attgenerated = ''
     order by attnum`;
  return columns.map((c) => c.attname);
}

/** Overrides that make a copied row new: a fresh id, a far-away seq. */
async function freshKeys(db: Sql, table: string): Promise<Record<string, unknown>> {
  const columns = await db<{ attname: string }[]>`
    select attname from pg_attribute where attrelid = ${table}::regclass and attnum > 0 and not attisdropped`;
  const names = new Set(columns.map((c) => c.attname));
  const keys: Record<string, unknown> = {};
  if (names.has('id')) keys.id = randomUUID();
  if (names.has('seq')) keys.seq = 900_000_000;
  return keys;
}

describe('row-level security on every tenant table', () => {
  let a: TenantFixture;
  let b: TenantFixture;
  beforeAll(async () => {
    a = await fillEveryTenantTable(sql);
    b = await fillEveryTenantTable(sql);
  });

  it('covers the whole data model', () => {
    expect(tenantTables.length).toBeGreaterThanOrEqual(27);
    for (const table of ['operators', 'conversations', 'messages', 'events', 'jobs', 'audit_log']) {
      expect(tenantTables).toContain(table);
    }
  });

  it('runs tenant transactions as a role that cannot bypass RLS', async () => {
    const [role] = await withTenant(
      sql,
      a.tenantId,
      (tx) => tx<{ rolsuper: boolean; rolbypassrls: boolean; currentUser: string }[]>`
        select rolsuper, rolbypassrls, current_user from pg_roles where rolname = current_user`,
    );
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false, currentUser: 'relay_app' });
  });

  it('has RLS enabled with a policy on every tenant table', async () => {
    const rows = await sql<{ relname: string; relrowsecurity: boolean; policies: number }[]>`
      select c.relname, c.relrowsecurity,
             (select count(*)::int from pg_policy p where p.polrelid = c.oid) as policies
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relname = any(${[...tenantTables, 'tenants']})`;
    for (const row of rows) {
      expect({ table: row.relname, rls: row.relrowsecurity, policy: row.policies > 0 }).toEqual({
        table: row.relname,
        rls: true,
        policy: true,
      });
    }
  });

  it('shows a tenant only its own tenants row', async () => {
    const seen = await withTenant(sql, a.tenantId, (tx) => tx<{ id: string }[]>`select id from tenants`);
    expect(seen.map((r) => r.id)).toEqual([a.tenantId]);
  });

  describe.each(tenantTables)('%s', (table) => {
    it('has fixture rows for both tenants (add them in testing/fixtures.ts)', async () => {
      expect((await rowsOf(sql, table, a.tenantId)).length).toBeGreaterThan(0);
      expect((await rowsOf(sql, table, b.tenantId)).length).toBeGreaterThan(0);
    });

    it("hides tenant B's rows from tenant A", async () => {
      const counts = await withTenant(sql, a.tenantId, async (tx) => {
        const [row] = await tx<{ own: number; foreign: number }[]>`
          select count(*) filter (where tenant_id = ${a.tenantId})::int as own,
                 count(*) filter (where tenant_id <> ${a.tenantId})::int as foreign
            from ${tx(table)}`;
        return row;
      });
      expect(counts?.own).toBeGreaterThan(0);
      expect(counts?.foreign).toBe(0);
    });

    it('shows nothing to a transaction with no tenant set', async () => {
      const [row] = await sql.begin(async (tx) => {
        await tx`select set_config('role', 'relay_app', true)`;
        return tx<{ n: number }[]>`select count(*)::int as n from ${tx(table)}`;
      });
      expect(row?.n).toBe(0);
    });

    it("refuses to insert a row into tenant B from tenant A's transaction", async () => {
      const [row] = await rowsOf(sql, table, b.tenantId);
      const overrides = await freshKeys(sql, table);
      const columns = await writableColumns(sql, table);
      const code = await rlsError(() =>
        withTenant(
          sql,
          a.tenantId,
          (tx) => tx`
            insert into ${tx(table)} (${tx(columns)})
            select ${tx(columns)} from jsonb_populate_record(null::${tx(table)}, ${row as string}::text::jsonb || ${JSON.stringify(overrides)}::text::jsonb)`,
        ),
      );
      expect(code).toBe(INSUFFICIENT_PRIVILEGE);
    });

    it("cannot update or delete tenant B's rows, nor move its own rows to B", async () => {
      const result = await withTenant(sql, a.tenantId, async (tx) => {
        const updated = await tx`update ${tx(table)} set tenant_id = tenant_id where tenant_id = ${b.tenantId}`;
        const deleted = await tx`delete from ${tx(table)} where tenant_id = ${b.tenantId}`;
        return { updated: updated.count, deleted: deleted.count };
      });
      expect(result).toEqual({ updated: 0, deleted: 0 });
      const code = await rlsError(() =>
        withTenant(
          sql,
          a.tenantId,
          (tx) => tx`
            update ${tx(table)} set tenant_id = ${b.tenantId}
             where ctid = (select ctid from ${tx(table)} where tenant_id = ${a.tenantId} limit 1)`,
        ),
      );
      expect(code).toBe(INSUFFICIENT_PRIVILEGE);
      expect((await rowsOf(sql, table, b.tenantId)).length).toBeGreaterThan(0);
    });
  });
});
