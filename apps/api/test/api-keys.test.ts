// Managing API keys goes through the typed client (apiRoutes.apiKeys: every answer parsed with its
// contract); using a key stays raw, as the client sends bearer tokens, not X-Api-Key.
import { type ApiKeyScope, apiRoutes, type CreateApiKeyBody } from '@relay/contracts';
import { hashToken } from '@relay/security';
import { describe, expect, it } from 'vitest';
import { expectErrorShape, refused, useApi } from './support/api-harness.ts';

const api = useApi();
const { listApiKeys, createApiKey, revokeApiKey } = apiRoutes.apiKeys;

async function demo() {
  const { slug, tenantId } = await api.demoTenant();
  const owner = await api.login(slug, 'owner@demo.test');
  const create = (scopes: ApiKeyScope[], extra: Partial<CreateApiKeyBody> = {}) =>
    api.client(owner.accessToken).call(createApiKey, { body: { name: `CRM ${scopes.join(' ')}`, scopes, ...extra } });
  const [row] = await api.sql<{ id: string }[]>`
    select c.id from conversations c join clients cl on cl.tenant_id = c.tenant_id and cl.id = c.client_id
     where c.tenant_id = ${tenantId} and cl.name = 'Maria S.'`;
  return { slug, tenantId, owner, create, conversationId: row?.id as string };
}

const withKey = (key: string) => ({ headers: { 'x-api-key': key } });

describe('API keys', () => {
  it('shows the key once, stores only its hash, and never lists it', async () => {
    const { tenantId, owner, create } = await demo();
    const created = await create(['conversations:read', 'conversations:read', 'events:read']);
    expect(created.key).toMatch(/^rk_[0-9a-f]{8}_[\w-]{43}$/);
    expect(created.key.startsWith(`${created.prefix}_`)).toBe(true);
    expect(created).toMatchObject({ scopes: ['conversations:read', 'events:read'], revokedAt: null });

    const [row] =
      await api.sql`select key_hash, prefix from api_keys where tenant_id = ${tenantId} and id = ${created.id}`;
    expect(row).toEqual({ keyHash: hashToken(created.key), prefix: created.prefix });
    const list = await api.client(owner.accessToken).call(listApiKeys);
    expect(list.items.map((k) => k.id)).toEqual([created.id]);
    const text = JSON.stringify(list);
    expect(text).not.toContain(created.key);
    expect(text).not.toContain(hashToken(created.key));
    const [audit] =
      await api.sql`select details from audit_log where tenant_id = ${tenantId} and action = 'api_key.create'`;
    expect(JSON.stringify(audit?.details)).not.toContain(created.key);
  });

  it('works on the routes its scopes name, sees the whole workspace, and nothing else', async () => {
    const { tenantId, create, conversationId } = await demo();
    const { key } = await create(['conversations:read']);
    const list = await api.call('GET', '/api/v1/conversations?view=all', withKey(key));
    expect(list.status).toBe(200);
    // The key's id is in no queue: it sees all three open conversations only because keys see everything.
    expect(list.body.items).toHaveLength(3);
    expect((await api.call('GET', `/api/v1/conversations/${conversationId}`, withKey(key))).body.id).toBe(
      conversationId,
    );
    const thread = await api.call('GET', `/api/v1/conversations/${conversationId}/messages`, withKey(key));
    expect(thread.body.items.map((m: { content: string }) => m.content)).toEqual([
      'Do you deliver to Kazan on weekends?',
    ]);

    const send = await api.call('POST', `/api/v1/conversations/${conversationId}/messages`, {
      ...withKey(key),
      body: { content: 'from the CRM', clientMessageId: 'crm-000001' },
    });
    expectErrorShape(send, 403, 'forbidden');
    expect(send.body.error.message).toContain('conversations:write');
    expectErrorShape(await api.call('GET', '/api/v1/events?after=0', withKey(key)), 403, 'forbidden');
    for (const path of [
      '/api/v1/me',
      '/api/v1/clients',
      '/api/v1/api-keys',
      '/api/v1/audit-log',
      '/api/v1/operators',
    ]) {
      expectErrorShape(await api.call('GET', path, withKey(key)), 403, 'forbidden');
    }
    expectErrorShape(
      await api.call('PATCH', `/api/v1/conversations/${conversationId}`, { ...withKey(key), body: { priority: 3 } }),
      403,
    );
    const [used] =
      await api.sql`select last_used_at from api_keys where tenant_id = ${tenantId} and key_hash = ${hashToken(key)}`;
    expect(used?.lastUsedAt).toBeInstanceOf(Date);
  });

  it('writes as a bot when it has conversations:write, idempotently, and reads events with events:read', async () => {
    const { tenantId, create, conversationId } = await demo();
    const { id, key } = await create(['conversations:write', 'events:read']);
    const body = { content: 'Your order has shipped', clientMessageId: 'crm-000002' };
    const first = await api.call('POST', `/api/v1/conversations/${conversationId}/messages`, { ...withKey(key), body });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      actorType: 'bot',
      actorId: null,
      metadata: { apiKeyId: id },
      status: 'pending',
    });
    const again = await api.call('POST', `/api/v1/conversations/${conversationId}/messages`, { ...withKey(key), body });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    // Another key with the same clientMessageId is someone else's message.
    const other = await create(['conversations:write']);
    expectErrorShape(
      await api.call('POST', `/api/v1/conversations/${conversationId}/messages`, { ...withKey(other.key), body }),
      409,
    );
    const [jobs] = await api.sql`
      select count(*)::int as n from jobs where tenant_id = ${tenantId} and payload->>'messageId' = ${first.body.id}`;
    expect(jobs?.n).toBe(1);
    const events = await api.call('GET', '/api/v1/events?after=0', withKey(key));
    expect(events.body.events.map((e: { type: string }) => e.type)).toContain('message.created');
    expectErrorShape(await api.call('GET', '/api/v1/conversations', withKey(key)), 403);
  });

  it('stops working when revoked or expired, and unknown keys are refused', async () => {
    const { tenantId, owner, create } = await demo();
    const revoked = await create(['conversations:read']);
    expect((await api.call('GET', '/api/v1/conversations', withKey(revoked.key))).status).toBe(200);
    expect(await api.client(owner.accessToken).call(revokeApiKey, { params: { id: revoked.id } })).toBeUndefined();
    expectErrorShape(await api.call('GET', '/api/v1/conversations', withKey(revoked.key)), 401, 'unauthorized');
    const listed = await api.client(owner.accessToken).call(listApiKeys);
    expect(listed.items[0]?.revokedAt).toEqual(expect.any(String));

    const expiring = await create(['conversations:read'], { expiresAt: new Date(Date.now() + 60_000).toISOString() });
    expect((await api.call('GET', '/api/v1/conversations', withKey(expiring.key))).status).toBe(200);
    await api.sql`update api_keys set expires_at = now() - interval '1 second' where tenant_id = ${tenantId} and id = ${expiring.id}`;
    expectErrorShape(await api.call('GET', '/api/v1/conversations', withKey(expiring.key)), 401, 'unauthorized');

    expectErrorShape(await api.call('GET', '/api/v1/conversations', withKey('rk_00000000_nope')), 401);
    expectErrorShape(await api.call('GET', '/api/v1/conversations', withKey('x'.repeat(5000))), 401);
    await refused(api.client(owner.accessToken).call(revokeApiKey, { params: { id: crypto.randomUUID() } }), 404);
  });

  // A key is judged by the session verdict (as a bearer token is); its refusals name the key.
  it('says why a key is refused: revoked, expired, or its workspace suspended', async () => {
    const { tenantId, owner, create } = await demo();
    const refusal = async (key: string) => {
      const reply = await api.call('GET', '/api/v1/conversations', withKey(key));
      return { status: reply.status, ...reply.body.error };
    };
    const revoked = await create(['conversations:read']);
    await api.client(owner.accessToken).call(revokeApiKey, { params: { id: revoked.id } });
    expect(await refusal(revoked.key)).toEqual({
      status: 401,
      code: 'unauthorized',
      message: 'this API key was revoked',
    });
    const expired = await create(['conversations:read'], { expiresAt: new Date(Date.now() + 60_000).toISOString() });
    await api.sql`update api_keys set expires_at = now() - interval '1 second' where tenant_id = ${tenantId} and id = ${expired.id}`;
    expect(await refusal(expired.key)).toEqual({
      status: 401,
      code: 'unauthorized',
      message: 'this API key has expired',
    });
    const live = await create(['conversations:read']);
    await api.sql`update tenants set suspended = true where id = ${tenantId}`;
    expect(await refusal(live.key)).toEqual({
      status: 403,
      code: 'tenant_suspended',
      message: 'this workspace is suspended',
    });
  });

  it('keeps a key inside its own workspace', async () => {
    const { create } = await demo();
    const other = await demo();
    const { key } = await create(['conversations:read', 'conversations:write']);
    expectErrorShape(await api.call('GET', `/api/v1/conversations/${other.conversationId}`, withKey(key)), 404);
    expectErrorShape(
      await api.call('POST', `/api/v1/conversations/${other.conversationId}/messages`, {
        ...withKey(key),
        body: { content: 'hello?', clientMessageId: 'crm-cross-01' },
      }),
      404,
    );
    const [count] =
      await api.sql`select count(*)::int as n from messages where tenant_id = ${other.tenantId} and client_message_id = 'crm-cross-01'`;
    expect(count?.n).toBe(0);
  });

  it('is managed by admins only, with valid scopes and a future expiry', async () => {
    const { slug, owner } = await demo();
    const supervisor = api.client((await api.login(slug, 'supervisor@demo.test')).accessToken);
    await refused(supervisor.call(createApiKey, { body: { name: 'mine', scopes: ['conversations:read'] } }), 403);
    await refused(supervisor.call(listApiKeys), 403);
    // Raw on purpose: a scope outside the contract's enum.
    const badScope = await api.call('POST', '/api/v1/api-keys', {
      token: owner.accessToken,
      body: { name: 'x', scopes: ['everything'] },
    });
    expect(badScope.body.error.details[0].path).toEqual(['scopes', '0']);
    const owners = api.client(owner.accessToken);
    const past = await refused(
      owners.call(createApiKey, { body: { name: 'x', scopes: ['events:read'], expiresAt: '2020-01-01T00:00:00Z' } }),
      400,
      'bad_request',
    );
    expect(past.error.details).toMatchObject([{ path: ['expiresAt'] }]);
    await refused(owners.call(createApiKey, { body: { name: 'x', scopes: [] } }), 400);
  });
});
