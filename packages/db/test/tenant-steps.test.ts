// TenantSteps: one transaction over several tenants, each step sent for every
// tenant at once. What it promises: each tenant's statements run under that
// tenant's setting, whatever order the results come back in, and a `within`
// after a step enters its tenant again.
import { describe, expect, it } from 'vitest';
import { createTenant, tenantSteps } from '../src/index.ts';
import { uniqueSlug, useTestDb } from '../src/testing/index.ts';

const sql = useTestDb();

async function tenants(n: number) {
  const rows = await Promise.all(
    Array.from({ length: n }, (_, i) => createTenant(sql, { name: `Steps ${i}`, slug: uniqueSlug('steps') })),
  );
  return rows.map((row) => row.id).sort();
}

describe('TenantSteps', () => {
  it('runs each tenant’s statements of a step under that tenant, in one transaction', async () => {
    const ids = await tenants(3);
    const seen = await sql.begin(async (tx) => {
      const steps = tenantSteps(tx);
      const first = await steps.each(
        ids.map((tenantId) => ({ tenantId })),
        ({ tenantId }) =>
          Promise.all([
            tx<{ setting: string }[]>`select current_setting('app.tenant_id') as setting`.execute(),
            // Row-level security: only this tenant's row of tenants is visible.
            tx<{ id: string }[]>`select id from tenants where id = ${tenantId}`.execute(),
            tx<{ n: number }[]>`select count(*)::int as n from tenants where id = any(${ids})`.execute(),
          ]).then(([setting, own, visible]) => ({
            tenantId,
            setting: setting[0]?.setting,
            own: own.length,
            visible: visible[0]?.n,
          })),
      );
      // A later step over the same tenants enters each again, starting from the last one entered.
      const second = await steps.each(
        [...ids].reverse().map((tenantId) => ({ tenantId })),
        ({ tenantId }) =>
          tx<{ setting: string }[]>`select current_setting('app.tenant_id') as setting`
            .execute()
            .then((rows) => ({ tenantId, setting: rows[0]?.setting })),
      );
      const within = await steps.within(ids[0] as string, async () => {
        const [a] = await tx<{ setting: string }[]>`select current_setting('app.tenant_id') as setting`;
        const [b] = await tx<{ setting: string }[]>`select current_setting('app.tenant_id') as setting`;
        return [a?.setting, b?.setting];
      });
      return { first, second, within };
    });
    for (const row of seen.first) {
      expect(row.setting).toBe(row.tenantId);
      expect(row.own).toBe(1);
    }
    for (const row of seen.second) expect(row.setting).toBe(row.tenantId);
    expect(seen.within).toEqual([ids[0], ids[0]]);
    // On PostgreSQL the app role sees one tenant at a time; the embedded database's superuser sees all.
    if (process.env.DATABASE_URL) for (const row of seen.first) expect(row.visible).toBe(1);
  });

  it('writes each tenant’s rows as that tenant, and a failing step rolls every tenant back', async () => {
    const ids = await tenants(2);
    await expect(
      sql.begin(async (tx) => {
        const steps = tenantSteps(tx);
        await steps.each(
          ids.map((tenantId) => ({ tenantId })),
          ({ tenantId }) => tx`update tenants set name = 'renamed' where id = ${tenantId}`.execute(),
        );
        await steps.within(ids[1] as string, () => tx`select 1 / 0`.execute());
      }),
    ).rejects.toThrow(/division by zero/);
    const names = await sql<{ name: string }[]>`select name from tenants where id = any(${ids})`;
    expect(names.map((row) => row.name)).not.toContain('renamed');

    await sql.begin(async (tx) => {
      const steps = tenantSteps(tx);
      await steps.each(
        ids.map((tenantId) => ({ tenantId })),
        ({ tenantId }) => tx`update tenants set name = ${`renamed ${tenantId}`} where id = ${tenantId}`.execute(),
      );
    });
    const renamed = await sql<{ id: string; name: string }[]>`select id, name from tenants where id = any(${ids})`;
    for (const row of renamed) expect(row.name).toBe(`renamed ${row.id}`);
  });
});
