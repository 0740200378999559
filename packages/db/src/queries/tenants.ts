// Owns reads and writes of the tenants table. Creating a tenant and finding
// one by slug happen before any tenant is known, so they run on the pool as
// the schema owner; everything else runs inside withTenant.
import type { Queryable, Sql, Tx } from '../create-db.ts';

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
  /** Chosen up front when the tenant is created inside its own withTenant transaction (sign-up). */
  id?: string;
  name: string;
  slug: string;
  plan?: string;
  settings?: Record<string, unknown>;
};

export async function createTenant(sql: Queryable, input: NewTenant): Promise<TenantRow> {
  const [row] = await sql<TenantRow[]>`
    insert into tenants (id, name, slug, plan, settings)
    values (coalesce(${input.id ?? null}::uuid, gen_random_uuid()), ${input.name}, ${input.slug},
            ${input.plan ?? 'free'}, ${sql.json((input.settings ?? {}) as never)})
    returning *`;
  return row as TenantRow;
}

/**
 * What a new workspace starts with: a default SLA policy and a default
 * "Support" queue with manual routing whose only member is the owner.
 */
export async function createTenantDefaults(tx: Tx, tenantId: string, ownerId: string) {
  const [sla] = await tx<{ id: string }[]>`
    insert into sla_policies (tenant_id, name, first_response_seconds, resolution_seconds, is_default)
    values (${tenantId}, 'Standard', 900, 86400, true)
    returning id`;
  const [queue] = await tx<{ id: string }[]>`
    insert into queues (tenant_id, name, routing_mode, sla_policy_id, is_default)
    values (${tenantId}, 'Support', 'manual', ${sla?.id ?? null}, true)
    returning id`;
  await tx`insert into queue_members (tenant_id, queue_id, operator_id) values (${tenantId}, ${queue?.id ?? null}, ${ownerId})`;
  return { slaPolicyId: sla?.id as string, queueId: queue?.id as string };
}

export async function findTenantBySlug(sql: Sql, slug: string): Promise<TenantRow | undefined> {
  const [row] = await sql<TenantRow[]>`select * from tenants where slug = ${slug}`;
  return row;
}

export async function getTenant(tx: Queryable, tenantId: string): Promise<TenantRow | undefined> {
  const [row] = await tx<TenantRow[]>`select * from tenants where id = ${tenantId}`;
  return row;
}

export type TenantChanges = {
  name?: string | undefined;
  maxOperators?: number | undefined;
  maxDialogsPerMonth?: number | undefined;
  maxConcurrentUsers?: number | undefined;
  maxEventsPerSecond?: number | undefined;
  maxJoinsPerSecond?: number | undefined;
  maxChannelsPerClient?: number | undefined;
};

/** Changes the name and limits given; absent ones stay. Slug, plan and suspension are not the tenant's to change. */
export async function updateTenant(tx: Tx, tenantId: string, changes: TenantChanges): Promise<TenantRow | undefined> {
  const [row] = await tx<TenantRow[]>`
    update tenants set
      name = coalesce(${changes.name ?? null}, name),
      max_operators = coalesce(${changes.maxOperators ?? null}::int, max_operators),
      max_dialogs_per_month = coalesce(${changes.maxDialogsPerMonth ?? null}::int, max_dialogs_per_month),
      max_concurrent_users = coalesce(${changes.maxConcurrentUsers ?? null}::int, max_concurrent_users),
      max_events_per_second = coalesce(${changes.maxEventsPerSecond ?? null}::int, max_events_per_second),
      max_joins_per_second = coalesce(${changes.maxJoinsPerSecond ?? null}::int, max_joins_per_second),
      max_channels_per_client = coalesce(${changes.maxChannelsPerClient ?? null}::int, max_channels_per_client)
     where id = ${tenantId}
    returning *`;
  return row;
}

export async function countTenants(sql: Sql): Promise<number> {
  const [row] = await sql<{ count: number }[]>`select count(*) as count from tenants`;
  return row?.count ?? 0;
}
