import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { expectErrorShape, useApi } from './support/api-harness.ts';
import { auditActionsOf, demoStaff } from './support/demo-staff.ts';

const api = useApi();

async function setUp() {
  const staff = await demoStaff(api);
  const queues = await api.sql<{ id: string; name: string }[]>`
    select id, name from queues where tenant_id = ${staff.tenantId}`;
  const queueId = (name: string) => queues.find((q) => q.name === name)?.id as string;
  const [sla] = await api.sql<{ id: string }[]>`select id from sla_policies where tenant_id = ${staff.tenantId}`;
  return { ...staff, support: queueId('Support'), sales: queueId('Sales'), slaId: sla?.id as string };
}

const sorted = (ids: string[]) => [...ids].sort();

describe('queues', () => {
  it('lists every queue with its members and waiting/assigned counts, to any staff', async () => {
    const { alice, bob, carol, support, sales, slaId } = await setUp();
    const reply = await api.call('GET', '/api/v1/queues', { token: alice.token });
    expect(reply.status).toBe(200);
    // Support holds Maria (new, unassigned), Dmitry (alice) and Ivan (bob) open, and Anna resolved.
    expect(reply.body.items).toEqual([
      {
        id: support,
        name: 'Support',
        routingMode: 'round_robin',
        slaPolicyId: slaId,
        isDefault: true,
        memberIds: expect.any(Array),
        counts: { waiting: 1, assigned: 2 },
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      },
      {
        id: sales,
        name: 'Sales',
        routingMode: 'least_loaded',
        slaPolicyId: slaId,
        isDefault: false,
        memberIds: [carol.id],
        counts: { waiting: 0, assigned: 0 },
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      },
    ]);
    expect(sorted(reply.body.items[0].memberIds)).toEqual(sorted([alice.id, bob.id, carol.id]));

    const one = await api.call('GET', `/api/v1/queues/${support}`, { token: alice.token });
    expect(one.status).toBe(200);
    expect(one.body).toEqual(reply.body.items[0]);
  });

  it('lets admins create, change and delete queues, with an audit row for each write', async () => {
    const { tenantId, owner, supervisor, alice, slaId } = await setUp();
    const body = { name: 'VIP', routingMode: 'least_loaded', slaPolicyId: slaId };
    expectErrorShape(await api.call('POST', '/api/v1/queues', { token: alice.token, body }), 403, 'forbidden');
    expectErrorShape(await api.call('POST', '/api/v1/queues', { token: supervisor.token, body }), 403, 'forbidden');

    const created = await api.call('POST', '/api/v1/queues', { token: owner.token, body });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'VIP',
      routingMode: 'least_loaded',
      slaPolicyId: slaId,
      isDefault: false,
      memberIds: [],
      counts: { waiting: 0, assigned: 0 },
    });
    const id = created.body.id;
    expectErrorShape(await api.call('POST', '/api/v1/queues', { token: owner.token, body }), 409, 'conflict');
    expectErrorShape(
      await api.call('PATCH', `/api/v1/queues/${id}`, { token: owner.token, body: { name: 'Sales' } }),
      409,
      'conflict',
    );
    expectErrorShape(
      await api.call('PATCH', `/api/v1/queues/${id}`, { token: supervisor.token, body: { name: 'X' } }),
      403,
      'forbidden',
    );

    const patched = await api.call('PATCH', `/api/v1/queues/${id}`, {
      token: owner.token,
      body: { name: 'VIP clients', routingMode: 'manual', slaPolicyId: null },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ id, name: 'VIP clients', routingMode: 'manual', slaPolicyId: null });
    expectErrorShape(
      await api.call('PATCH', `/api/v1/queues/${id}`, { token: owner.token, body: { routingMode: 'random' } }),
      400,
      'bad_request',
    );

    expect((await api.call('DELETE', `/api/v1/queues/${id}`, { token: owner.token })).status).toBe(204);
    expectErrorShape(await api.call('GET', `/api/v1/queues/${id}`, { token: owner.token }), 404, 'not_found');
    expect(await auditActionsOf(api, tenantId, id)).toEqual(['queue.create', 'queue.update', 'queue.delete']);
  });

  it('keeps exactly one default queue: setting it moves it; the default is neither deleted nor unset', async () => {
    const { tenantId, owner, support } = await setUp();
    const defaults = async () =>
      (
        await api.sql<{ name: string }[]>`
          select name from queues where tenant_id = ${tenantId} and is_default order by name`
      ).map((q) => q.name);

    const night = await api.call('POST', '/api/v1/queues', {
      token: owner.token,
      body: { name: 'Night shift', isDefault: true },
    });
    expect(night.status).toBe(201);
    expect(night.body).toMatchObject({ isDefault: true, routingMode: 'manual', slaPolicyId: null });
    expect(await defaults()).toEqual(['Night shift']);

    expectErrorShape(await api.call('DELETE', `/api/v1/queues/${night.body.id}`, { token: owner.token }), 409);
    expectErrorShape(
      await api.call('PATCH', `/api/v1/queues/${night.body.id}`, { token: owner.token, body: { isDefault: false } }),
      409,
      'conflict',
    );

    const back = await api.call('PATCH', `/api/v1/queues/${support}`, {
      token: owner.token,
      body: { isDefault: true },
    });
    expect(back.status).toBe(200);
    expect(back.body.isDefault).toBe(true);
    expect(await defaults()).toEqual(['Support']);
    expect((await api.call('DELETE', `/api/v1/queues/${night.body.id}`, { token: owner.token })).status).toBe(204);
    expect(await defaults()).toEqual(['Support']);
  });

  it('refuses an SLA policy that is not this tenant’s with a 422 naming the field', async () => {
    const { owner, sales } = await setUp();
    const other = await setUp();
    for (const slaPolicyId of [other.slaId, randomUUID()]) {
      const created = await api.call('POST', '/api/v1/queues', {
        token: owner.token,
        body: { name: `Q ${slaPolicyId}`, slaPolicyId },
      });
      expectErrorShape(created, 422, 'unprocessable');
      expect(created.body.error.details[0].path).toEqual(['slaPolicyId']);
      const patched = await api.call('PATCH', `/api/v1/queues/${sales}`, { token: owner.token, body: { slaPolicyId } });
      expectErrorShape(patched, 422, 'unprocessable');
    }
    const [row] =
      await api.sql`select sla_policy_id from queues where tenant_id = ${other.tenantId} and id = ${other.sales}`;
    expect(row?.slaPolicyId).toBe(other.slaId);
  });

  it('replaces the member set (supervisors and up), refusing operators the tenant does not have', async () => {
    const { tenantId, supervisor, alice, bob, sales } = await setUp();
    const other = await setUp();
    const members = async () =>
      (
        await api.sql<{ operatorId: string }[]>`
          select operator_id from queue_members where tenant_id = ${tenantId} and queue_id = ${sales}`
      ).map((m) => m.operatorId);
    const put = (token: string, operatorIds: string[]) =>
      api.call('PUT', `/api/v1/queues/${sales}/members`, { token, body: { operatorIds } });

    expectErrorShape(await put(alice.token, [alice.id]), 403, 'forbidden');

    const replaced = await put(supervisor.token, [alice.id, bob.id, alice.id.toUpperCase()]);
    expect(replaced.status).toBe(200);
    expect(sorted(replaced.body.memberIds)).toEqual(sorted([alice.id, bob.id]));
    expect(sorted(await members())).toEqual(sorted([alice.id, bob.id])); // carol left

    const foreign = await put(supervisor.token, [bob.id, other.alice.id]);
    expectErrorShape(foreign, 422, 'unprocessable');
    expect(foreign.body.error.details).toEqual([
      { path: ['operatorIds', '1'], message: `no operator ${other.alice.id}`, code: 'custom' },
    ]);
    expect(sorted(await members())).toEqual(sorted([alice.id, bob.id]));

    const emptied = await put(supervisor.token, []);
    expect(emptied.body.memberIds).toEqual([]);
    expect(await members()).toEqual([]);
    expect(await auditActionsOf(api, tenantId, sales)).toEqual(['queue.members', 'queue.members']);
  });

  it('moves open conversations and channel accounts to the default queue when a queue is deleted', async () => {
    const { tenantId, owner, carol, support, sales } = await setUp();
    const [maria] = await api.sql<{ id: string }[]>`
      select c.id from conversations c join clients k on k.tenant_id = c.tenant_id and k.id = c.client_id
       where c.tenant_id = ${tenantId} and k.name = 'Maria S.'`;
    const [anna] = await api.sql<{ id: string }[]>`
      select c.id from conversations c join clients k on k.tenant_id = c.tenant_id and k.id = c.client_id
       where c.tenant_id = ${tenantId} and k.name = 'Anna L.'`;
    await api.sql`update conversations set queue_id = ${sales} where tenant_id = ${tenantId} and id in ${api.sql([maria?.id as string, anna?.id as string])}`;
    await api.sql`update channel_accounts set queue_id = ${sales} where tenant_id = ${tenantId} and channel = 'vk'`;
    expect((await api.call('GET', `/api/v1/queues/${sales}`, { token: owner.token })).body.counts).toEqual({
      waiting: 1,
      assigned: 0,
    });

    const before = api.published.length;
    expect((await api.call('DELETE', `/api/v1/queues/${sales}`, { token: owner.token })).status).toBe(204);

    const queueOf = await api.sql<{ id: string; queueId: string | null }[]>`
      select id, queue_id from conversations where tenant_id = ${tenantId} and id in ${api.sql([maria?.id as string, anna?.id as string])}`;
    expect(Object.fromEntries(queueOf.map((c) => [c.id, c.queueId]))).toEqual({
      [maria?.id as string]: support,
      [anna?.id as string]: null, // resolved: history only
    });
    const [vk] = await api.sql`select queue_id from channel_accounts where tenant_id = ${tenantId} and channel = 'vk'`;
    expect(vk?.queueId).toBe(support);

    const events = api.published.slice(before).filter((e) => e.tenantId === tenantId);
    expect(events.map((e) => [e.type, e.conversationId])).toEqual([['conversation.updated', maria?.id]]);
    expect(events[0]?.audience).toEqual({ queueId: support, operatorIds: [carol.id] });
  });

  it('answers 404 for ids it does not have', async () => {
    const { owner } = await setUp();
    const id = randomUUID();
    for (const [method, path, body] of [
      ['GET', `/api/v1/queues/${id}`, undefined],
      ['PATCH', `/api/v1/queues/${id}`, { name: 'x' }],
      ['DELETE', `/api/v1/queues/${id}`, undefined],
      ['PUT', `/api/v1/queues/${id}/members`, { operatorIds: [] }],
    ] as const) {
      expectErrorShape(await api.call(method, path, { token: owner.token, body }), 404, 'not_found');
    }
  });
});
