// Sign-up through the typed client: every answer is parsed with its route's contract
// (apiRoutes.tenants.signUp), so a drifting answer fails here too.
import { apiRoutes } from '@relay/contracts';
import { uniqueSlug } from '@relay/db/testing';
import { describe, expect, it } from 'vitest';
import { config, expectErrorShape, refused, useApi } from './support/api-harness.ts';

// Behind a proxy on loopback (TRUST_PROXY=loopback): X-Forwarded-For names the client.
const api = useApi({ config: { ...config, trustProxy: ['loopback'] } });
const { signUp } = apiRoutes.tenants;

/** Each test signs up from its own address, so the per-IP limit is the test's alone. */
const someIp = () => `198.51.100.${Math.floor(Math.random() * 250) + 1}`;
const fromIp = (ip: string) => ({ 'x-forwarded-for': ip });
const signUpFrom = (ip: string, body: ReturnType<typeof signUpBody>) =>
  api.client(undefined, fromIp(ip)).call(signUp, { body });

function signUpBody(slug = uniqueSlug('signup')) {
  return {
    name: 'Acme Support',
    slug,
    owner: { name: 'Ada Owner', email: `Ada@${slug}.test`, password: 'correct horse' },
  };
}

describe('sign-up', () => {
  it('creates the workspace, its owner, a default queue and SLA, and logs the owner in', async () => {
    const body = signUpBody();
    const created = await signUpFrom(someIp(), body);
    const tenantId = created.tenant.id;
    expect(created.tenant).toEqual({ id: expect.any(String), name: 'Acme Support', slug: body.slug });
    expect(created.refreshToken).toMatch(/^rt_/);
    expect(created.operator).toMatchObject({ tenantId, role: 'owner', email: `ada@${body.slug}.test` });

    const me = await api.call('GET', '/api/v1/me', { token: created.accessToken });
    expect(me.body).toMatchObject({ id: created.operator.id, role: 'owner', name: 'Ada Owner' });
    const login = await api.login(body.slug, `ada@${body.slug}.test`, 'correct horse');
    expect(login.operator.id).toBe(created.operator.id);

    const [setup] = await api.sql`
      select q.name, q.routing_mode, q.is_default, s.is_default as sla_default, s.first_response_seconds,
             (select array_agg(operator_id::text) from queue_members m where m.tenant_id = q.tenant_id and m.queue_id = q.id) as members
        from queues q join sla_policies s on s.tenant_id = q.tenant_id and s.id = q.sla_policy_id
       where q.tenant_id = ${tenantId}`;
    expect(setup).toEqual({
      name: 'Support',
      routingMode: 'manual',
      isDefault: true,
      slaDefault: true,
      firstResponseSeconds: expect.any(Number),
      members: [created.operator.id],
    });
    const audit =
      await api.sql`select action, operator_id from audit_log where tenant_id = ${tenantId} order by created_at`;
    expect(audit[0]).toEqual({ action: 'tenant.create', operatorId: created.operator.id });
  });

  it('is a workspace of its own: nothing of another tenant is visible to its owner', async () => {
    const demo = await api.demoTenant();
    const [theirs] = await api.sql<
      { id: string }[]
    >`select id from conversations where tenant_id = ${demo.tenantId} limit 1`;
    const created = await signUpFrom(someIp(), signUpBody());
    const token = created.accessToken;
    expect((await api.call('GET', '/api/v1/conversations', { token })).body.items).toEqual([]);
    expect((await api.call('GET', '/api/v1/clients', { token })).body.items).toEqual([]);
    const operators = await api.call('GET', '/api/v1/operators', { token });
    expect(operators.body.items.map((o: { id: string }) => o.id)).toEqual([created.operator.id]);
    expectErrorShape(await api.call('GET', `/api/v1/conversations/${theirs?.id}`, { token }), 404, 'not_found');
  });

  it('answers 409 for a slug that is taken, and 400 with details for a weak password or bad slug', async () => {
    const { slug } = await api.demoTenant();
    const ip = someIp();
    const taken = await refused(signUpFrom(ip, signUpBody(slug)), 409, 'conflict');
    expect(taken.error.details).toMatchObject([{ path: ['slug'] }]);
    const [count] = await api.sql`select count(*)::int as n from tenants where slug = ${slug}`;
    expect(count?.n).toBe(1);

    const weak = signUpBody();
    weak.owner.password = 'short';
    const tooWeak = await refused(signUpFrom(ip, weak), 400, 'bad_request');
    expect(tooWeak.error.details).toMatchObject([{ path: ['owner', 'password'] }]);
    const badSlug = await refused(signUpFrom(ip, signUpBody('-Not a slug')), 400, 'bad_request');
    // The slug comes first; the owner's email, made of it, is bad too.
    expect(badSlug.error.details).toMatchObject([{ path: ['slug'] }, { path: ['owner', 'email'] }]);
  });

  it('limits sign-ups per IP: the 11th in an hour is a 429 with Retry-After, other IPs go on', async () => {
    const ip = `203.0.113.${Math.floor(Math.random() * 250) + 1}`;
    for (let i = 0; i < 10; i++) {
      expect((await signUpFrom(ip, signUpBody())).tenant.slug).toMatch(/^signup/);
    }
    // Raw, for the Retry-After header the typed client does not return.
    const blocked = await api.call('POST', '/api/v1/tenants', { body: signUpBody(), headers: fromIp(ip) });
    expectErrorShape(blocked, 429, 'rate_limited');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await signUpFrom(someIp(), signUpBody())).tenant.id).toEqual(expect.any(String));
  });
});
