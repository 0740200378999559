// Tenant walls, generated from the router: every route that takes an id is
// called by tenant A's owner (the most privileged role) with tenant B's ids.
// Each must answer 404, leak nothing, and leave B's data as it was.
import { describe, expect, it } from 'vitest';
import { expectErrorShape, type Reply, useApi } from './support/api-harness.ts';
import { listApiRoutes } from './support/routes.ts';

const api = useApi();
const routes = listApiRoutes();

/** A request that would succeed on the caller's own data, so only the tenant check can stop it. */
const SAMPLES: Record<string, { body?: unknown; query?: string }> = {
  'GET /api/v1/conversations/:id': {},
  'PATCH /api/v1/conversations/:id': { body: { status: 'resolved', priority: 3 } },
  'POST /api/v1/conversations/:id/read': { body: {} },
  'POST /api/v1/conversations/:id/assign': { body: { operatorId: null } },
  'GET /api/v1/conversations/:id/messages': { query: 'limit=5' },
  'POST /api/v1/conversations/:id/messages': { body: { content: 'cross-tenant?', clientMessageId: 'isolation-0001' } },
  'POST /api/v1/conversations/:id/notes': { body: { content: 'cross-tenant note' } },
  'GET /api/v1/conversations/:id/notes': {},
  'PUT /api/v1/conversations/:id/tags': { body: { tagIds: [] } },
  'GET /api/v1/channel-accounts/:id': {},
  'PATCH /api/v1/channel-accounts/:id': { body: { name: 'renamed by someone else' } },
};

/** Which table an :id names, by the route's first path segment. */
const RESOURCE_TABLES: Record<string, string> = {
  conversations: 'conversations',
  'channel-accounts': 'channel_accounts',
};

function tableOf(path: string): string {
  const segment = path.split('/')[3] ?? '';
  const table = RESOURCE_TABLES[segment];
  if (!table) throw new Error(`add ${segment} to RESOURCE_TABLES`);
  return table;
}

async function someIdOf(table: string, tenantId: string): Promise<string> {
  const [row] = await api.sql<{ id: string }[]>`
    select id from ${api.sql(table)} where tenant_id = ${tenantId}
     order by ${table === 'conversations' ? api.sql`status = 'resolved', id` : api.sql`id`} limit 1`;
  if (!row) throw new Error(`no ${table} row for the tenant`);
  return row.id;
}

/** Routes with no tenant data in their answer, or none of their own (login happens before a tenant). */
const TENANTLESS = new Set(['POST /api/v1/auth/login', 'POST /api/v1/auth/refresh', 'POST /api/v1/auth/logout']);

const key = (route: { method: string; path: string }) => `${route.method} ${route.path}`;
const withId = routes.filter((r) => r.path.includes(':id'));
const listing = routes.filter((r) => r.method === 'GET' && !r.path.includes(':id') && !TENANTLESS.has(key(r)));

async function snapshotOf(tenantId: string) {
  const [row] = await api.sql`
    select (select count(*)::int from messages where tenant_id = ${tenantId}) as messages,
           (select count(*)::int from notes where tenant_id = ${tenantId}) as notes,
           (select count(*)::int from assignments where tenant_id = ${tenantId}) as assignments,
           (select count(*)::int from conversation_tags where tenant_id = ${tenantId}) as tags,
           (select count(*)::int from conversation_reads where tenant_id = ${tenantId}) as reads,
           (select count(*)::int from jobs where tenant_id = ${tenantId}) as jobs,
           (select count(*)::int from events where tenant_id = ${tenantId}) as events,
           (select string_agg(id || status || priority || coalesce(assigned_operator_id::text, '-'), ',' order by id)
              from conversations where tenant_id = ${tenantId}) as conversations,
           (select string_agg(id || name || is_active || coalesce(queue_id::text, '-'), ',' order by id)
              from channel_accounts where tenant_id = ${tenantId}) as channel_accounts`;
  return row;
}

describe('tenant isolation over REST', () => {
  it('has a sample request for every route that takes an id', () => {
    expect(withId.length).toBeGreaterThan(0);
    expect(withId.map(key).filter((k) => !SAMPLES[k])).toEqual([]);
  });

  it.each(withId.map((r) => [key(r), r] as const))(
    '%s with tenant B ids answers 404 and changes nothing',
    async (_k, route) => {
      const a = await api.demoTenant();
      const b = await api.demoTenant();
      const owner = await api.login(a.slug, 'owner@demo.test');
      const table = tableOf(route.path);
      const sample = SAMPLES[key(route)] ?? {};
      const query = sample.query ? `?${sample.query}` : '';
      const before = await snapshotOf(b.tenantId);

      const theirs = route.path.replace(':id', await someIdOf(table, b.tenantId)) + query;
      const reply: Reply = await api.call(route.method, theirs, { token: owner.accessToken, body: sample.body });
      expectErrorShape(reply, 404, 'not_found');
      expect(JSON.stringify(reply.body)).not.toContain(b.tenantId);
      expect(await snapshotOf(b.tenantId)).toEqual(before);

      // The same request on A's own data gets past the tenant check, so the 404 above was the wall.
      const mine = route.path.replace(':id', await someIdOf(table, a.tenantId)) + query;
      const own = await api.call(route.method, mine, { token: owner.accessToken, body: sample.body });
      expect(own.status).toBeLessThan(300);
    },
  );

  it.each(listing.map((r) => [key(r), r] as const))('%s never lists tenant B data', async (_k, route) => {
    const a = await api.demoTenant();
    const b = await api.demoTenant();
    const owner = await api.login(a.slug, 'owner@demo.test');
    const reply = await api.call(route.method, route.path, { token: owner.accessToken });
    expect(reply.status).toBe(200);
    const text = JSON.stringify(reply.body);
    expect(text).not.toContain(b.tenantId);
    const theirIds = await api.sql<{ id: string }[]>`
      select id from conversations where tenant_id = ${b.tenantId}
      union all select id from channel_accounts where tenant_id = ${b.tenantId}`;
    for (const { id } of theirIds) expect(text).not.toContain(id);
  });
});
