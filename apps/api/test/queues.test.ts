// Queues through the typed client: every answer is parsed with its route's contract
// (apiRoutes.queues). A body the types refuse (an unknown routing mode) goes raw.
import { randomUUID } from 'node:crypto';
import { apiRoutes, type RequestInput } from '@relay/contracts';
import { describe, expect, it } from 'vitest';
import { expectErrorShape, refused, useApi } from './support/api-harness.ts';
import { auditActionsOf, demoStaff } from './support/demo-staff.ts';

const api = useApi();
const { listQueues, getQueue, createQueue, updateQueue, deleteQueue, replaceQueueMembers } = apiRoutes.queues;

type CreateInput = RequestInput<typeof createQueue>['body'];
type PatchInput = RequestInput<typeof updateQueue>['body'];
const list = async (token: string) => (await api.client(token).call(listQueues)).items;
const get = (token: string, id: string) => api.client(token).call(getQueue, { params: { id } });
const create = (token: string, body: CreateInput) => api.client(token).call(createQueue, { body });
const update = (token: string, id: string, body: PatchInput) =>
  api.client(token).call(updateQueue, { params: { id }, body });
const remove = (token: string, id: string) => api.client(token).call(deleteQueue, { params: { id } });
const putMembers = (token: string, id: string, operatorIds: string[]) =>
  api.client(token).call(replaceQueueMembers, { params: { id }, body: { operatorIds } });

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
    const items = await list(alice.token);
    // Support holds Maria (new, unassigned), Dmitry (alice) and Ivan (bob) open, and Anna resolved.
    expect(items).toEqual([
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
    expect(sorted(items[0]?.memberIds ?? [])).toEqual(sorted([alice.id, bob.id, carol.id]));

    expect(await get(alice.token, support)).toEqual(items[0]);
  });

  it('lets admins create, change and delete queues, with an audit row for each write', async () => {
    const { tenantId, owner, supervisor, alice, slaId } = await setUp();
    const body: CreateInput = { name: 'VIP', routingMode: 'least_loaded', slaPolicyId: slaId };
    await refused(create(alice.token, body), 403, 'forbidden');
    await refused(create(supervisor.token, body), 403, 'forbidden');

    const created = await create(owner.token, body);
    expect(created).toMatchObject({
      name: 'VIP',
      routingMode: 'least_loaded',
      slaPolicyId: slaId,
      isDefault: false,
      memberIds: [],
      counts: { waiting: 0, assigned: 0 },
    });
    const id = created.id;
    await refused(create(owner.token, body), 409, 'conflict');
    await refused(update(owner.token, id, { name: 'Sales' }), 409, 'conflict');
    await refused(update(supervisor.token, id, { name: 'X' }), 403, 'forbidden');

    const patched = await update(owner.token, id, { name: 'VIP clients', routingMode: 'manual', slaPolicyId: null });
    expect(patched).toMatchObject({ id, name: 'VIP clients', routingMode: 'manual', slaPolicyId: null });
    // Raw: a routing mode the types refuse.
    expectErrorShape(
      await api.call('PATCH', `/api/v1/queues/${id}`, { token: owner.token, body: { routingMode: 'random' } }),
      400,
      'bad_request',
    );

    expect(await remove(owner.token, id)).toBeUndefined();
    await refused(get(owner.token, id), 404, 'not_found');
    expect(await auditActionsOf(api, tenantId, id)).toEqual(['queue.create', 'queue.update', 'queue.delete']);
  });

  it('keeps exactly one default queue: setting it moves it; the default is neither deleted nor unset', async () => {
    const { tenantId, owner, support } = await setUp();
    const defaults = async () =>
      (
        await api.sql<{ name: string }[]>`
          select name from queues where tenant_id = ${tenantId} and is_default order by name`
      ).map((q) => q.name);

    const night = await create(owner.token, { name: 'Night shift', isDefault: true });
    expect(night).toMatchObject({ isDefault: true, routingMode: 'manual', slaPolicyId: null });
    expect(await defaults()).toEqual(['Night shift']);

    await refused(remove(owner.token, night.id), 409);
    await refused(update(owner.token, night.id, { isDefault: false }), 409, 'conflict');

    const back = await update(owner.token, support, { isDefault: true });
    expect(back.isDefault).toBe(true);
    expect(await defaults()).toEqual(['Support']);
    expect(await remove(owner.token, night.id)).toBeUndefined();
    expect(await defaults()).toEqual(['Support']);
  });

  it('refuses an SLA policy that is not this tenant’s with a 422 naming the field', async () => {
    const { owner, sales } = await setUp();
    const other = await setUp();
    for (const slaPolicyId of [other.slaId, randomUUID()]) {
      const created = await refused(
        create(owner.token, { name: `Q ${slaPolicyId}`, slaPolicyId }),
        422,
        'unprocessable',
      );
      expect((created.error.details as { path: string[] }[])[0]?.path).toEqual(['slaPolicyId']);
      await refused(update(owner.token, sales, { slaPolicyId }), 422, 'unprocessable');
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
    const put = (token: string, operatorIds: string[]) => putMembers(token, sales, operatorIds);

    await refused(put(alice.token, [alice.id]), 403, 'forbidden');

    const replaced = await put(supervisor.token, [alice.id, bob.id, alice.id.toUpperCase()]);
    expect(sorted(replaced.memberIds)).toEqual(sorted([alice.id, bob.id]));
    expect(sorted(await members())).toEqual(sorted([alice.id, bob.id])); // carol left

    const foreign = await refused(put(supervisor.token, [bob.id, other.alice.id]), 422, 'unprocessable');
    expect(foreign.error.details).toEqual([
      { path: ['operatorIds', '1'], message: `no operator ${other.alice.id}`, code: 'custom' },
    ]);
    expect(sorted(await members())).toEqual(sorted([alice.id, bob.id]));

    const emptied = await put(supervisor.token, []);
    expect(emptied.memberIds).toEqual([]);
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
    expect((await get(owner.token, sales)).counts).toEqual({
      waiting: 1,
      assigned: 0,
    });

    const before = api.published.length;
    expect(await remove(owner.token, sales)).toBeUndefined();

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
    for (const call of [
      () => get(owner.token, id),
      () => update(owner.token, id, { name: 'x' }),
      () => remove(owner.token, id),
      () => putMembers(owner.token, id, []),
    ]) {
      await refused(call(), 404, 'not_found');
    }
  });
});
