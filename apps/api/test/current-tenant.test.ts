// The caller's workspace through the typed client: every answer is parsed with its route's contract
// (apiRoutes.tenants), so a drifting answer fails here too.
import { apiRoutes, currentTenant } from '@relay/contracts';
import { describe, expect, it } from 'vitest';
import { expectErrorShape, refused, useApi } from './support/api-harness.ts';
import { auditActionsOf, demoStaff } from './support/demo-staff.ts';

const api = useApi();
const { getTenant, updateTenant } = apiRoutes.tenants;

async function usageInDb(tenantId: string) {
  const [row] = await api.sql<{ operators: number; dialogs: number }[]>`
    select (select count(*)::int from operators where tenant_id = ${tenantId} and is_active) as operators,
           (select count(*)::int from conversations where tenant_id = ${tenantId}
              and created_at >= date_trunc('month', now() at time zone 'UTC') at time zone 'UTC') as dialogs`;
  return row;
}

describe('GET /tenant', () => {
  it('shows any staff member the workspace, its limits and the usage the limits count', async () => {
    const { tenantId, slug, alice, owner } = await demoStaff(api);
    const reply = await api.client(alice.token).call(getTenant);
    expect(currentTenant.parse(reply)).toEqual(reply);
    const used = await usageInDb(tenantId);
    expect(reply).toMatchObject({
      id: tenantId,
      slug,
      plan: expect.any(String),
      limits: { maxOperators: 50, maxDialogsPerMonth: expect.any(Number), maxEventsPerSecond: expect.any(Number) },
      usage: { activeOperators: used?.operators, dialogsThisMonth: used?.dialogs },
    });
    expect(reply.usage.activeOperators).toBe(5);

    // Deactivating someone frees a seat, and the usage says so at once.
    await api.call('PATCH', `/api/v1/operators/${alice.id}`, { token: owner.token, body: { isActive: false } });
    const after = await api.client(owner.token).call(getTenant);
    expect(after.usage.activeOperators).toBe(4);
  });
});

describe('PATCH /tenant', () => {
  it('lets the owner rename the workspace and change limits, audited and enforced at once', async () => {
    const { tenantId, owner } = await demoStaff(api);
    const reply = await api.client(owner.token).call(updateTenant, {
      body: { name: '  Acme Repairs ', limits: { maxOperators: 5, maxEventsPerSecond: 120 } },
    });
    expect(reply).toMatchObject({
      id: tenantId,
      name: 'Acme Repairs',
      limits: { maxOperators: 5, maxEventsPerSecond: 120, maxJoinsPerSecond: 20 },
      usage: { activeOperators: 5 },
    });
    const [row] = await api.sql`select name, max_operators, max_events_per_second from tenants where id = ${tenantId}`;
    expect(row).toEqual({ name: 'Acme Repairs', maxOperators: 5, maxEventsPerSecond: 120 });
    expect(await auditActionsOf(api, tenantId, tenantId)).toContain('tenant.update');
    const [audit] = await api.sql<{ details: Record<string, unknown> }[]>`
      select details from audit_log where tenant_id = ${tenantId} and action = 'tenant.update'`;
    expect(audit?.details).toMatchObject({
      name: 'Acme Repairs',
      limits: { maxOperators: 5 },
      before: { limits: { maxOperators: 50 } },
    });

    // The lowered operator limit holds for the next write.
    const refused = await api.call('POST', '/api/v1/operators', {
      token: owner.token,
      body: { email: 'sixth@demo.test', name: 'Sixth' },
    });
    expectErrorShape(refused, 403, 'plan_limit_reached');
  });

  it('is for owners only: admins, supervisors and operators get 403 and change nothing', async () => {
    const { tenantId, slug, owner, supervisor, alice } = await demoStaff(api);
    const created = await api.call('POST', '/api/v1/operators', {
      token: owner.token,
      body: { email: 'adam@demo.test', name: 'Adam Admin', role: 'admin', password: 'admin-pass-1' },
    });
    expect(created.status).toBe(201);
    const admin = await api.login(slug, 'adam@demo.test', 'admin-pass-1');
    for (const token of [admin.accessToken, supervisor.token, alice.token]) {
      await refused(
        api.client(token).call(updateTenant, { body: { name: 'Taken over', limits: { maxOperators: 9999 } } }),
        403,
        'forbidden',
      );
    }
    const [row] = await api.sql`select name, max_operators from tenants where id = ${tenantId}`;
    expect(row).toEqual({ name: `Demo ${slug}`, maxOperators: 50 });
  });

  it('answers 400 with the fields named for a bad body, and changes nothing', async () => {
    const { tenantId, owner } = await demoStaff(api);
    // Raw on purpose: these bodies do not fit the contract's types.
    const bad = async (body: unknown) => {
      const reply = await api.call('PATCH', '/api/v1/tenant', { token: owner.token, body });
      expectErrorShape(reply, 400, 'bad_request');
      return reply.body.error.details as { path: string[]; message: string }[];
    };
    const paths = (details: { path: string[] }[]) => details.map((d) => d.path.join('.'));

    expect(paths(await bad({ limits: { maxOperators: 0, maxEventsPerSecond: 2.5 } }))).toEqual([
      'limits.maxOperators',
      'limits.maxEventsPerSecond',
    ]);
    const tooHigh = await bad({ limits: { maxConcurrentUsers: 1e12 } });
    expect(tooHigh[0]).toMatchObject({ path: ['limits', 'maxConcurrentUsers'], message: 'at most 100000' });
    expect(paths(await bad({ name: '   ' }))).toEqual(['name']);
    expect(paths(await bad({ limits: { maxOperators: '10' } }))).toEqual(['limits.maxOperators']);
    expect((await bad({}))[0]?.message).toBe('nothing to change');
    expect((await bad({ slug: 'hijack', plan: 'enterprise' }))[0]?.message).toBe('nothing to change');

    const [row] = await api.sql`select slug, plan, max_operators from tenants where id = ${tenantId}`;
    expect(row?.maxOperators).toBe(50);
    expect(row).toMatchObject({ slug: expect.stringMatching(/^demo/), plan: 'demo' });
  });
});

describe('the workspace wall', () => {
  it('shows and changes only the caller’s own workspace', async () => {
    const a = await demoStaff(api);
    const b = await demoStaff(api);
    const [before] = await api.sql`select * from tenants where id = ${b.tenantId}`;

    const read = await api.client(a.supervisor.token).call(getTenant);
    expect(read.id).toBe(a.tenantId);
    expect(JSON.stringify(read)).not.toContain(b.tenantId);

    const patched = await api.client(a.owner.token).call(updateTenant, {
      body: { name: 'Renamed by A', limits: { maxDialogsPerMonth: 7 } },
    });
    expect(patched).toMatchObject({ id: a.tenantId, name: 'Renamed by A' });
    expect((await api.sql`select * from tenants where id = ${b.tenantId}`)[0]).toEqual(before);
    const theirs = await api.client(b.owner.token).call(getTenant);
    expect(theirs).toMatchObject({ id: b.tenantId, name: before?.name, limits: { maxDialogsPerMonth: 100000 } });
  });
});
