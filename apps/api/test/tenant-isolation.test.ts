// Tenant walls, generated from the router: every route that takes an id is
// called by tenant A's owner (the most privileged role) with tenant B's ids.
// Each must answer 404, leak nothing, and leave B's data as it was.
import { startTelegramStandIn } from '@relay/channels/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { config, expectErrorShape, type Reply, useApi } from './support/api-harness.ts';
import { addProviderAttachment } from './support/provider-attachment.ts';
import { listApiRoutes } from './support/routes.ts';

// Holds the clients' files that the attachment content route fetches.
const telegram = await startTelegramStandIn();
afterAll(() => telegram.close());
const api = useApi({ config: { ...config, providers: { ...config.providers, telegramBaseUrl: telegram.baseUrl } } });
const routes = listApiRoutes();

/** A request that would succeed on the caller's own data, so only the tenant check can stop it. */
type Sample = {
  body?: unknown;
  query?: string;
  /** Makes rows the request needs in a tenant (both are prepared); tenant A's answer, if any, is the body. */
  prepare?: (tenantId: string) => Promise<unknown>;
  /** The route's other path parameters (beyond :id, which names `id`) in that tenant. */
  params?: (tenantId: string, id: string) => Promise<Record<string, string>>;
};

const SAMPLES: Record<string, Sample> = {
  'GET /api/v1/conversations/:id': {},
  'PATCH /api/v1/conversations/:id': { body: { status: 'resolved', priority: 3 } },
  'POST /api/v1/conversations/:id/read': { body: {} },
  'POST /api/v1/conversations/:id/assign': { body: { operatorId: null } },
  'POST /api/v1/conversations/:id/transfer': {
    // A queue of the caller's tenant other than the default one the demo conversations are in.
    prepare: async (tenantId) => {
      const [queue] = await api.sql<{ id: string }[]>`
        select id from queues where tenant_id = ${tenantId} and not is_default order by id limit 1`;
      return { queueId: queue?.id, operatorId: null };
    },
  },
  'GET /api/v1/conversations/:id/messages': { query: 'limit=5' },
  'POST /api/v1/conversations/:id/messages': { body: { content: 'cross-tenant?', clientMessageId: 'isolation-0001' } },
  'POST /api/v1/conversations/:id/messages/:messageId/retry': {
    body: {},
    // A reply of the tenant's that failed for good, in the conversation :id names.
    params: async (tenantId, conversationId) => {
      const [row] = await api.sql<{ id: string }[]>`
        insert into messages (tenant_id, conversation_id, channel_account_id, direction, actor_type, type, content,
                              status, error)
        select tenant_id, id, channel_account_id, 'outbound', 'operator', 'text', 'isolation retry', 'failed', 'refused'
          from conversations where tenant_id = ${tenantId} and id = ${conversationId}
        returning id`;
      return { messageId: row?.id as string };
    },
  },
  'GET /api/v1/conversations/:id/messages/:messageId/attachments/:attachmentId/content': {
    // A client's photo in the conversation :id names, held by the Telegram stand-in.
    params: async (tenantId, conversationId) => {
      const handle = `isolation-${tenantId}`;
      telegram.addFile(handle, new TextEncoder().encode(`photo of ${tenantId}`), 'image/jpeg');
      const { messageId, attachmentId } = await addProviderAttachment(api, tenantId, conversationId, {
        channel: 'telegram',
        credentials: { botToken: '1:isolation' },
        handle,
      });
      return { messageId, attachmentId };
    },
  },
  'POST /api/v1/conversations/:id/notes': { body: { content: 'cross-tenant note' } },
  'GET /api/v1/conversations/:id/notes': {},
  'PUT /api/v1/conversations/:id/tags': { body: { tagIds: [] } },
  'GET /api/v1/channel-accounts/:id': {},
  'PATCH /api/v1/channel-accounts/:id': { body: { name: 'renamed by someone else' } },
  'GET /api/v1/operators/:id': {},
  'PATCH /api/v1/operators/:id': { body: { capacity: 7 } },
  'GET /api/v1/clients/:id': {},
  'PATCH /api/v1/clients/:id': { body: { name: 'renamed by someone else', attributes: { isolation: true } } },
  'POST /api/v1/clients/:id/merge': {
    // Another client of the caller's tenant than the one someIdOf picks (the first by id).
    prepare: async (tenantId) => {
      const [other] = await api.sql<{ id: string }[]>`
        select id from clients where tenant_id = ${tenantId} and merged_into_id is null order by id offset 1 limit 1`;
      return { mergedClientId: other?.id, reason: 'isolation test' };
    },
  },
  'DELETE /api/v1/api-keys/:id': {
    prepare: async (tenantId) => {
      await api.sql`
        insert into api_keys (tenant_id, name, prefix, key_hash, scopes)
        values (${tenantId}, 'isolation', 'rk_00000000', ${`isolation-${tenantId}`}, '{conversations:read}')`;
    },
  },
  /** Not an :id route: the listing test below searches for a word both demo tenants have. */
  'GET /api/v1/search': { query: 'q=order' },
  'GET /api/v1/queues/:id': {},
  'PATCH /api/v1/queues/:id': { body: { name: 'renamed by someone else', routingMode: 'manual' } },
  'DELETE /api/v1/queues/:id': {},
  'PUT /api/v1/queues/:id/members': { body: { operatorIds: [] } },
  'PATCH /api/v1/tags/:id': { body: { color: '#000000' } },
  'DELETE /api/v1/tags/:id': {},
  'PATCH /api/v1/canned-responses/:id': { body: { title: 'changed by someone else' } },
  'DELETE /api/v1/canned-responses/:id': {},
  'POST /api/v1/canned-responses/:id/use': { body: {} },
  'PATCH /api/v1/auto-replies/:id': { body: { isActive: false } },
  'DELETE /api/v1/auto-replies/:id': {},
  'PATCH /api/v1/sla-policies/:id': { body: { warnAtPercent: 50, resolutionMinutes: 1 } },
  'DELETE /api/v1/sla-policies/:id': {},
  'PATCH /api/v1/funnel-stages/:id': { body: { name: 'renamed by someone else' } },
  'DELETE /api/v1/funnel-stages/:id': {},
};

/** Which table an :id names, by the route's first path segment. */
const RESOURCE_TABLES: Record<string, string> = {
  conversations: 'conversations',
  'channel-accounts': 'channel_accounts',
  operators: 'operators',
  clients: 'clients',
  'api-keys': 'api_keys',
  queues: 'queues',
  tags: 'tags',
  'canned-responses': 'canned_responses',
  'auto-replies': 'auto_replies',
  'sla-policies': 'sla_policies',
  'funnel-stages': 'funnel_stages',
};

function tableOf(path: string): string {
  const segment = path.split('/')[3] ?? '';
  const table = RESOURCE_TABLES[segment];
  if (!table) throw new Error(`add ${segment} to RESOURCE_TABLES`);
  return table;
}

/** Skips rows the sample request is refused for on purpose (a resolved conversation, the default queue). */
function orderForSample(table: string) {
  if (table === 'conversations') return api.sql`status = 'resolved', id`;
  if (table === 'queues') return api.sql`is_default, id`;
  return api.sql`id`;
}

/** The route's path in a tenant: :id from its table, any other parameter from the sample. */
async function pathIn(path: string, table: string, sample: Sample, tenantId: string): Promise<string> {
  const id = await someIdOf(table, tenantId);
  const more = (await sample.params?.(tenantId, id)) ?? {};
  return Object.entries({ id, ...more }).reduce((at, [name, value]) => at.replace(`:${name}`, value), path);
}

async function someIdOf(table: string, tenantId: string): Promise<string> {
  const [row] = await api.sql<{ id: string }[]>`
    select id from ${api.sql(table)} where tenant_id = ${tenantId}
     order by ${orderForSample(table)} limit 1`;
  if (!row) throw new Error(`no ${table} row for the tenant`);
  return row.id;
}

/** Routes with no tenant data in their answer, or none of their own (login happens before a tenant). */
const TENANTLESS = new Set([
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/refresh',
  'POST /api/v1/auth/logout',
  'POST /api/v1/tenants',
]);

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
           (select concat_ws('|', name, plan, max_operators, max_dialogs_per_month, max_concurrent_users,
                             max_events_per_second, max_joins_per_second, max_channels_per_client)
              from tenants where id = ${tenantId}) as tenant,
           (select string_agg(id || status || priority || coalesce(assigned_operator_id::text, '-') || coalesce(queue_id::text, '-'), ',' order by id)
              from conversations where tenant_id = ${tenantId}) as conversations,
           (select string_agg(id || name || is_active || coalesce(queue_id::text, '-'), ',' order by id)
              from channel_accounts where tenant_id = ${tenantId}) as channel_accounts,
           (select string_agg(concat_ws('|', id, name, role, capacity, is_active), ',' order by id)
              from operators where tenant_id = ${tenantId}) as operators,
           (select count(*)::int from sessions where tenant_id = ${tenantId} and revoked_at is null) as live_sessions,
           (select string_agg(concat_ws('|', id, device_id, is_active, fcm_token), ',' order by id)
              from operator_devices where tenant_id = ${tenantId}) as devices,
           (select string_agg(concat_ws('|', id, name, phone, email, attributes, merged_into_id), ',' order by id)
              from clients where tenant_id = ${tenantId}) as clients,
           (select string_agg(id || ':' || client_id, ',' order by id)
              from client_identities where tenant_id = ${tenantId}) as client_identities,
           (select string_agg(id || ':' || client_id, ',' order by id)
              from conversations where tenant_id = ${tenantId}) as conversation_clients,
           (select count(*)::int from client_merges where tenant_id = ${tenantId}) as client_merges,
           (select string_agg(concat_ws('|', id, revoked_at), ',' order by id)
              from api_keys where tenant_id = ${tenantId}) as api_keys,
           (select count(*)::int from audit_log where tenant_id = ${tenantId}) as audit,
           (select string_agg(concat_ws('|', id, name, routing_mode, is_default, sla_policy_id), ',' order by id)
              from queues where tenant_id = ${tenantId}) as queues,
           (select string_agg(queue_id || ':' || operator_id, ',' order by queue_id, operator_id)
              from queue_members where tenant_id = ${tenantId}) as queue_members,
           (select string_agg(concat_ws('|', id, name, color), ',' order by id)
              from tags where tenant_id = ${tenantId}) as tag_names,
           (select string_agg(concat_ws('|', id, operator_id, title, shortcut, content, usage_count), ',' order by id)
              from canned_responses where tenant_id = ${tenantId}) as canned_responses,
           (select string_agg(concat_ws('|', id, name, trigger, keywords, channels, is_active), ',' order by id)
              from auto_replies where tenant_id = ${tenantId}) as auto_replies,
           (select string_agg(concat_ws('|', id, name, first_response_seconds, resolution_seconds, warn_at_percent,
                                        business_hours, conditions, is_default), ',' order by id)
              from sla_policies where tenant_id = ${tenantId}) as sla_policies,
           (select string_agg(concat_ws('|', id, name, position, is_final), ',' order by id)
              from funnel_stages where tenant_id = ${tenantId}) as funnel_stages`;
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
      const [prepared] = await Promise.all([sample.prepare?.(a.tenantId), sample.prepare?.(b.tenantId)]);
      const body = prepared ?? sample.body;
      const [theirPath, myPath] = await Promise.all([
        pathIn(route.path, table, sample, b.tenantId),
        pathIn(route.path, table, sample, a.tenantId),
      ]);
      const before = await snapshotOf(b.tenantId);

      const theirs = theirPath + query;
      const reply: Reply = await api.call(route.method, theirs, { token: owner.accessToken, body });
      expectErrorShape(reply, 404, 'not_found');
      expect(JSON.stringify(reply.body)).not.toContain(b.tenantId);
      expect(await snapshotOf(b.tenantId)).toEqual(before);

      // The same request on A's own data gets past the tenant check, so the 404 above was the wall.
      const mine = myPath + query;
      const own = await api.call(route.method, mine, { token: owner.accessToken, body });
      expect(own.status).toBeLessThan(300);
    },
  );

  // Routes on the caller's own workspace name no id, so the generated walls above miss them.
  it('PATCH /api/v1/tenant changes the caller’s workspace and leaves tenant B as it was', async () => {
    const a = await api.demoTenant();
    const b = await api.demoTenant();
    const owner = await api.login(a.slug, 'owner@demo.test');
    const before = await snapshotOf(b.tenantId);
    const reply = await api.call('PATCH', '/api/v1/tenant', {
      token: owner.accessToken,
      body: { name: 'renamed by A', limits: { maxOperators: 7, maxEventsPerSecond: 3 } },
    });
    expect(reply.status).toBe(200);
    expect(reply.body.id).toBe(a.tenantId);
    expect(JSON.stringify(reply.body)).not.toContain(b.tenantId);
    expect(await snapshotOf(b.tenantId)).toEqual(before);
  });

  it.each(listing.map((r) => [key(r), r] as const))('%s never lists tenant B data', async (_k, route) => {
    const a = await api.demoTenant();
    const b = await api.demoTenant();
    const owner = await api.login(a.slug, 'owner@demo.test');
    const query = SAMPLES[key(route)]?.query;
    const reply = await api.call(route.method, `${route.path}${query ? `?${query}` : ''}`, {
      token: owner.accessToken,
    });
    expect(reply.status).toBe(200);
    const text = JSON.stringify(reply.body);
    expect(text).not.toContain(b.tenantId);
    const theirIds = await api.sql<{ id: string }[]>`
      select id from conversations where tenant_id = ${b.tenantId}
      union all select id from channel_accounts where tenant_id = ${b.tenantId}
      union all select id from clients where tenant_id = ${b.tenantId}
      union all select id from operators where tenant_id = ${b.tenantId}`;
    for (const { id } of theirIds) expect(text).not.toContain(id);
  });
});
