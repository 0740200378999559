// Owns reads and writes of the tenants table. Creating a tenant and finding
// one by slug happen before any tenant is known, so they run on the pool as
// the schema owner; everything else runs inside withTenant.
import type { Queryable, Sql } from '../create-db.ts';

export type TenantRow = {
  id: string;
  name: string;
  slug: string;
  plan: string;
  settings: Record<string, unknown>;
  maxOperators: number;
  maxDialogsPerMonth: number;
  maxConcurrentUsers: number;
  maxEventsPerSecond: number;
  maxJoinsPerSecond: number;
  maxChannelsPerClient: number;
  isActive: boolean;
  suspended: boolean;
  eventSeq: number;
  createdAt: Date;
  updatedAt: Date;
};

export type NewTenant = {
  name: string;
  slug: string;
  plan?: string;
  settings?: Record<string, unknown>;
};

export async function createTenant(sql: Sql, input: NewTenant): Promise<TenantRow> {
  const [row] = await sql<TenantRow[]>`
    insert into tenants (name, slug, plan, settings)
    values (${input.name}, ${input.slug}, ${input.plan ?? 'free'}, ${sql.json((input.settings ?? {}) as never)})
    returning *`;
  return row as TenantRow;
}

export async function findTenantBySlug(sql: Sql, slug: string): Promise<TenantRow | undefined> {
  const [row] = await sql<TenantRow[]>`select * from tenants where slug = ${slug}`;
  return row;
}

export async function getTenant(tx: Queryable, tenantId: string): Promise<TenantRow | undefined> {
  const [row] = await tx<TenantRow[]>`select * from tenants where id = ${tenantId}`;
  return row;
}

export async function countTenants(sql: Sql): Promise<number> {
  const [row] = await sql<{ count: number }[]>`select count(*) as count from tenants`;
  return row?.count ?? 0;
}
