import { describe, expect, it } from 'vitest';
import { expectErrorShape, useApi } from './support/api-harness.ts';

const api = useApi();

async function demo() {
  const { slug, tenantId } = await api.demoTenant();
  const [owner, supervisor, alice, bob] = await Promise.all([
    api.login(slug, 'owner@demo.test'),
    api.login(slug, 'supervisor@demo.test'),
    api.login(slug, 'alice@demo.test'),
    api.login(slug, 'bob@demo.test'),
  ]);
  return { slug, tenantId, owner, supervisor, alice, bob };
}

async function addAdmin(slug: string, ownerToken: string) {
  const created = await api.call('POST', '/api/v1/operators', {
    token: ownerToken,
    body: { email: 'adam@demo.test', name: 'Adam Admin', role: 'admin', password: 'admin-pass-1' },
  });
  expect(created.status).toBe(201);
  return api.login(slug, 'adam@demo.test', 'admin-pass-1');
}

describe('listing operators', () => {
  it('shows every staff member the team, filtered by role, with lastSeenAt', async () => {
    const { alice, owner } = await demo();
    const all = await api.call('GET', '/api/v1/operators', { token: alice.accessToken });
    expect(all.status).toBe(200);
    expect(all.body.items).toHaveLength(5);
    expect(all.body.items[0]).toEqual(
      expect.objectContaining({ id: expect.any(String), email: expect.any(String), lastSeenAt: null }),
    );
    expect(all.body.items[0]).not.toHaveProperty('passwordHash');
    const operators = await api.call('GET', '/api/v1/operators?role=operator', { token: alice.accessToken });
    expect(operators.body.items.map((o: { email: string }) => o.email).sort()).toEqual([
      'alice@demo.test',
      'bob@demo.test',
      'carol@demo.test',
    ]);
    const one = await api.call('GET', `/api/v1/operators/${owner.operator.id}`, { token: alice.accessToken });
    expect(one.body).toMatchObject({ email: 'owner@demo.test', role: 'owner' });
    expectErrorShape(await api.call('GET', '/api/v1/operators?role=king', { token: alice.accessToken }), 400);
  });
});

describe('adding operators', () => {
  it('lets admins add operators who can log in, and refuses duplicates and non-admins', async () => {
    const { slug, tenantId, owner, supervisor } = await demo();
    const created = await api.call('POST', '/api/v1/operators', {
      token: owner.accessToken,
      body: { email: 'Dave@Demo.test', name: 'Dave', role: 'operator', password: 'dave-pass-1', capacity: 4 },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ email: 'dave@demo.test', role: 'operator', capacity: 4, isActive: true });
    expect((await api.login(slug, 'dave@demo.test', 'dave-pass-1')).operator.id).toBe(created.body.id);
    const event = api.published.filter((e) => e.tenantId === tenantId && e.type === 'operator.updated').at(-1);
    expect(event?.payload).toMatchObject({ operatorId: created.body.id });

    expectErrorShape(
      await api.call('POST', '/api/v1/operators', {
        token: owner.accessToken,
        body: { email: 'dave@demo.test', name: 'Dave again' },
      }),
      409,
      'conflict',
    );
    expectErrorShape(
      await api.call('POST', '/api/v1/operators', {
        token: supervisor.accessToken,
        body: { email: 'eve@demo.test', name: 'Eve' },
      }),
      403,
      'forbidden',
    );
  });

  it('keeps owners for owners to make', async () => {
    const { slug, owner } = await demo();
    const admin = await addAdmin(slug, owner.accessToken);
    expectErrorShape(
      await api.call('POST', '/api/v1/operators', {
        token: admin.accessToken,
        body: { email: 'boss@demo.test', name: 'Boss', role: 'owner' },
      }),
      403,
      'forbidden',
    );
    expectErrorShape(
      await api.call('PATCH', `/api/v1/operators/${owner.operator.id}`, {
        token: admin.accessToken,
        body: { isActive: false },
      }),
      403,
      'forbidden',
    );
    const made = await api.call('POST', '/api/v1/operators', {
      token: admin.accessToken,
      body: { email: 'op@demo.test', name: 'Op' },
    });
    expect(made.body.role).toBe('operator');
  });

  it('stops at the plan limit of active operators with plan_limit_reached, reactivation included', async () => {
    const { tenantId, owner, bob } = await demo();
    await api.sql`update tenants set max_operators = 5 where id = ${tenantId}`;
    const refused = await api.call('POST', '/api/v1/operators', {
      token: owner.accessToken,
      body: { email: 'sixth@demo.test', name: 'Sixth' },
    });
    expectErrorShape(refused, 403, 'plan_limit_reached');
    expect(refused.body.error.details).toEqual({ limit: 5, active: 5 });

    // A deactivated operator frees a seat; taking it back needs one.
    await api.call('PATCH', `/api/v1/operators/${bob.operator.id}`, {
      token: owner.accessToken,
      body: { isActive: false },
    });
    const sixth = await api.call('POST', '/api/v1/operators', {
      token: owner.accessToken,
      body: { email: 'sixth@demo.test', name: 'Sixth' },
    });
    expect(sixth.status).toBe(201);
    expectErrorShape(
      await api.call('PATCH', `/api/v1/operators/${bob.operator.id}`, {
        token: owner.accessToken,
        body: { isActive: true },
      }),
      403,
      'plan_limit_reached',
    );
    const [count] = await api.sql`select count(*)::int as n from operators where tenant_id = ${tenantId} and is_active`;
    expect(count?.n).toBe(5);
  });
});

describe('changing operators', () => {
  it('never leaves the workspace without an active owner', async () => {
    const { owner, supervisor, tenantId } = await demo();
    const self = `/api/v1/operators/${owner.operator.id}`;
    expectErrorShape(
      await api.call('PATCH', self, { token: owner.accessToken, body: { role: 'admin' } }),
      409,
      'conflict',
    );
    expectErrorShape(
      await api.call('PATCH', self, { token: owner.accessToken, body: { isActive: false } }),
      409,
      'conflict',
    );
    const promoted = await api.call('PATCH', `/api/v1/operators/${supervisor.operator.id}`, {
      token: owner.accessToken,
      body: { role: 'owner' },
    });
    expect(promoted.body.role).toBe('owner');
    const demoted = await api.call('PATCH', self, { token: owner.accessToken, body: { role: 'admin' } });
    expect(demoted.body.role).toBe('admin');
    // The role is read fresh on every request: the old owner is now an admin.
    expectErrorShape(
      await api.call('PATCH', `/api/v1/operators/${supervisor.operator.id}`, {
        token: owner.accessToken,
        body: { role: 'admin' },
      }),
      403,
    );
    const [owners] = await api.sql`
      select count(*)::int as n from operators where tenant_id = ${tenantId} and role = 'owner' and is_active`;
    expect(owners?.n).toBe(1);
  });

  it('ends the sessions of a deactivated operator at once and announces it', async () => {
    const { slug, tenantId, owner, bob } = await demo();
    expect((await api.call('GET', '/api/v1/me', { token: bob.accessToken })).status).toBe(200);
    const reply = await api.call('PATCH', `/api/v1/operators/${bob.operator.id}`, {
      token: owner.accessToken,
      body: { isActive: false, capacity: 3, name: 'Bob (left)' },
    });
    expect(reply.body).toMatchObject({ isActive: false, capacity: 3, name: 'Bob (left)', availability: 'offline' });
    expectErrorShape(await api.call('GET', '/api/v1/me', { token: bob.accessToken }), 401, 'unauthorized');
    expectErrorShape(await api.call('POST', '/api/v1/auth/refresh', { body: { refreshToken: bob.refreshToken } }), 401);
    const [live] = await api.sql`
      select count(*)::int as n from sessions where tenant_id = ${tenantId} and operator_id = ${bob.operator.id}
         and revoked_at is null`;
    expect(live?.n).toBe(0);
    expectErrorShape(
      await api.call('POST', '/api/v1/auth/login', {
        body: { tenant: slug, email: 'bob@demo.test', password: 'demo1234' },
      }),
      403,
    );
    const event = api.published.filter((e) => e.tenantId === tenantId && e.type === 'operator.updated').at(-1);
    expect(event?.payload).toMatchObject({ operatorId: bob.operator.id, operator: { isActive: false } });
    const [audit] = await api.sql`
      select details from audit_log where tenant_id = ${tenantId} and action = 'operator.update' and target_id = ${bob.operator.id}`;
    expect(audit?.details).toMatchObject({ isActive: false, sessionsEnded: 1 });
  });

  it('answers 404 for an id that is no operator, and 403 to operators', async () => {
    const { owner, alice, bob } = await demo();
    expectErrorShape(
      await api.call('PATCH', `/api/v1/operators/${crypto.randomUUID()}`, {
        token: owner.accessToken,
        body: { capacity: 1 },
      }),
      404,
    );
    expectErrorShape(
      await api.call('PATCH', `/api/v1/operators/${bob.operator.id}`, {
        token: alice.accessToken,
        body: { capacity: 1 },
      }),
      403,
    );
  });
});
