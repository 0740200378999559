// Operators through the typed client: every answer is parsed with its route's contract
// (apiRoutes.operators). A query the types refuse (an unknown role) goes raw.
import { apiRoutes, type RequestInput } from '@relay/contracts';
import { describe, expect, it } from 'vitest';
import { expectErrorShape, refused, useApi } from './support/api-harness.ts';

const api = useApi();
const { listOperators, getOperator, createOperator, updateOperator } = apiRoutes.operators;

type CreateInput = RequestInput<typeof createOperator>['body'];
type PatchInput = RequestInput<typeof updateOperator>['body'];
const create = (token: string, body: CreateInput) => api.client(token).call(createOperator, { body });
const update = (token: string, id: string, body: PatchInput) =>
  api.client(token).call(updateOperator, { params: { id }, body });
const me = (token: string) => api.client(token).call(apiRoutes.me.getMe);

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
  const created = await create(ownerToken, {
    email: 'adam@demo.test',
    name: 'Adam Admin',
    role: 'admin',
    password: 'admin-pass-1',
  });
  expect(created).toMatchObject({ email: 'adam@demo.test', role: 'admin' });
  return api.login(slug, 'adam@demo.test', 'admin-pass-1');
}

describe('listing operators', () => {
  it('shows every staff member the team, filtered by role, with lastSeenAt', async () => {
    const { alice, owner } = await demo();
    const client = api.client(alice.accessToken);
    const all = await client.call(listOperators);
    expect(all.items).toHaveLength(5);
    expect(all.items[0]).toEqual(
      expect.objectContaining({ id: expect.any(String), email: expect.any(String), lastSeenAt: null }),
    );
    expect(all.items[0]).not.toHaveProperty('passwordHash');
    // Raw, so a field the contract does not name would show here too.
    const raw = await api.call('GET', '/api/v1/operators', { token: alice.accessToken });
    expect(raw.body.items[0]).not.toHaveProperty('passwordHash');
    const operators = await client.call(listOperators, { query: { role: 'operator' } });
    expect(operators.items.map((o) => o.email).sort()).toEqual(['alice@demo.test', 'bob@demo.test', 'carol@demo.test']);
    const one = await client.call(getOperator, { params: { id: owner.operator.id } });
    expect(one).toMatchObject({ email: 'owner@demo.test', role: 'owner' });
    // Raw: a role the types refuse.
    expectErrorShape(await api.call('GET', '/api/v1/operators?role=king', { token: alice.accessToken }), 400);
  });
});

describe('adding operators', () => {
  it('lets admins add operators who can log in, and refuses duplicates and non-admins', async () => {
    const { slug, tenantId, owner, supervisor } = await demo();
    const created = await create(owner.accessToken, {
      email: 'Dave@Demo.test',
      name: 'Dave',
      role: 'operator',
      password: 'dave-pass-1',
      capacity: 4,
    });
    expect(created).toMatchObject({ email: 'dave@demo.test', role: 'operator', capacity: 4, isActive: true });
    expect((await api.login(slug, 'dave@demo.test', 'dave-pass-1')).operator.id).toBe(created.id);
    const event = api.published.filter((e) => e.tenantId === tenantId && e.type === 'operator.updated').at(-1);
    expect(event?.payload).toMatchObject({ operatorId: created.id });

    await refused(create(owner.accessToken, { email: 'dave@demo.test', name: 'Dave again' }), 409, 'conflict');
    await refused(create(supervisor.accessToken, { email: 'eve@demo.test', name: 'Eve' }), 403, 'forbidden');
  });

  it('keeps owners for owners to make', async () => {
    const { slug, owner } = await demo();
    const admin = await addAdmin(slug, owner.accessToken);
    await refused(
      create(admin.accessToken, { email: 'boss@demo.test', name: 'Boss', role: 'owner' }),
      403,
      'forbidden',
    );
    await refused(update(admin.accessToken, owner.operator.id, { isActive: false }), 403, 'forbidden');
    const made = await create(admin.accessToken, { email: 'op@demo.test', name: 'Op' });
    expect(made.role).toBe('operator');
  });

  it('stops at the plan limit of active operators with plan_limit_reached, reactivation included', async () => {
    const { tenantId, owner, bob } = await demo();
    await api.sql`update tenants set max_operators = 5 where id = ${tenantId}`;
    const full = await refused(
      create(owner.accessToken, { email: 'sixth@demo.test', name: 'Sixth' }),
      403,
      'plan_limit_reached',
    );
    expect(full.error.details).toEqual({ limit: 5, active: 5 });

    // A deactivated operator frees a seat; taking it back needs one.
    expect((await update(owner.accessToken, bob.operator.id, { isActive: false })).isActive).toBe(false);
    const sixth = await create(owner.accessToken, { email: 'sixth@demo.test', name: 'Sixth' });
    expect(sixth).toMatchObject({ email: 'sixth@demo.test', isActive: true });
    await refused(update(owner.accessToken, bob.operator.id, { isActive: true }), 403, 'plan_limit_reached');
    const [count] = await api.sql`select count(*)::int as n from operators where tenant_id = ${tenantId} and is_active`;
    expect(count?.n).toBe(5);
  });
});

describe('changing operators', () => {
  it('never leaves the workspace without an active owner', async () => {
    const { owner, supervisor, tenantId } = await demo();
    const self = owner.operator.id;
    await refused(update(owner.accessToken, self, { role: 'admin' }), 409, 'conflict');
    await refused(update(owner.accessToken, self, { isActive: false }), 409, 'conflict');
    const promoted = await update(owner.accessToken, supervisor.operator.id, { role: 'owner' });
    expect(promoted.role).toBe('owner');
    const demoted = await update(owner.accessToken, self, { role: 'admin' });
    expect(demoted.role).toBe('admin');
    // The role is read fresh on every request: the old owner is now an admin.
    await refused(update(owner.accessToken, supervisor.operator.id, { role: 'admin' }), 403);
    const [owners] = await api.sql`
      select count(*)::int as n from operators where tenant_id = ${tenantId} and role = 'owner' and is_active`;
    expect(owners?.n).toBe(1);
  });

  it('ends the sessions of a deactivated operator at once and announces it', async () => {
    const { slug, tenantId, owner, bob } = await demo();
    expect((await me(bob.accessToken)).id).toBe(bob.operator.id);
    const reply = await update(owner.accessToken, bob.operator.id, {
      isActive: false,
      capacity: 3,
      name: 'Bob (left)',
    });
    expect(reply).toMatchObject({ isActive: false, capacity: 3, name: 'Bob (left)', availability: 'offline' });
    await refused(me(bob.accessToken), 401, 'unauthorized');
    await refused(api.client().call(apiRoutes.auth.refreshTokens, { body: { refreshToken: bob.refreshToken } }), 401);
    const [live] = await api.sql`
      select count(*)::int as n from sessions where tenant_id = ${tenantId} and operator_id = ${bob.operator.id}
         and revoked_at is null`;
    expect(live?.n).toBe(0);
    await refused(
      api.client().call(apiRoutes.auth.logIn, { body: { tenant: slug, email: 'bob@demo.test', password: 'demo1234' } }),
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
    await refused(update(owner.accessToken, crypto.randomUUID(), { capacity: 1 }), 404);
    await refused(api.client(owner.accessToken).call(getOperator, { params: { id: crypto.randomUUID() } }), 404);
    await refused(update(alice.accessToken, bob.operator.id, { capacity: 1 }), 403);
  });
});
