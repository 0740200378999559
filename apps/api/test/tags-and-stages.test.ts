import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { expectErrorShape, useApi } from './support/api-harness.ts';
import { auditActionsOf, demoStaff } from './support/demo-staff.ts';

const api = useApi();

describe('tags', () => {
  it('are listed to everyone, by name', async () => {
    const { alice } = await demoStaff(api);
    const reply = await api.call('GET', '/api/v1/tags', { token: alice.token });
    expect(reply.status).toBe(200);
    expect(reply.body.items.map((t: { name: string; color: string }) => [t.name, t.color])).toEqual([
      ['billing', '#2563eb'],
      ['bug', '#dc2626'],
      ['delivery', '#059669'],
      ['vip', '#d97706'],
    ]);
  });

  it('are created, renamed and recoloured by supervisors, names unique whatever the case', async () => {
    const { tenantId, supervisor, alice } = await demoStaff(api);
    const create = (token: string, body: unknown) => api.call('POST', '/api/v1/tags', { token, body });
    expectErrorShape(await create(alice.token, { name: 'urgent' }), 403, 'forbidden');

    const urgent = await create(supervisor.token, { name: ' Urgent ', color: '#FF00aa' });
    expect(urgent.status).toBe(201);
    expect(urgent.body).toMatchObject({ name: 'Urgent', color: '#ff00aa' });
    const plain = await create(supervisor.token, { name: 'Later' });
    expect(plain.body.color).toBe('#64748b');

    expectErrorShape(await create(supervisor.token, { name: 'URGENT' }), 409, 'conflict');
    expectErrorShape(await create(supervisor.token, { name: 'VIP' }), 409, 'conflict');
    const badColor = await create(supervisor.token, { name: 'red', color: 'red' });
    expectErrorShape(badColor, 400, 'bad_request');
    expect(badColor.body.error.details[0].path).toEqual(['color']);

    const id = urgent.body.id;
    expectErrorShape(
      await api.call('PATCH', `/api/v1/tags/${id}`, { token: supervisor.token, body: { name: 'Billing' } }),
      409,
      'conflict',
    );
    const recoloured = await api.call('PATCH', `/api/v1/tags/${id}`, {
      token: supervisor.token,
      body: { color: '#123456' },
    });
    expect(recoloured.status).toBe(200);
    expect(recoloured.body).toMatchObject({ id, name: 'Urgent', color: '#123456' });
    expect(await auditActionsOf(api, tenantId, id)).toEqual(['tag.create', 'tag.update']);
  });

  it('come off every conversation when deleted', async () => {
    const { tenantId, supervisor, alice } = await demoStaff(api);
    const [vip] = await api.sql<{ id: string }[]>`select id from tags where tenant_id = ${tenantId} and name = 'vip'`;
    await api.sql`
      insert into conversation_tags (tenant_id, conversation_id, tag_id)
      select tenant_id, id, ${vip?.id as string} from conversations where tenant_id = ${tenantId}`;

    expectErrorShape(await api.call('DELETE', `/api/v1/tags/${vip?.id}`, { token: alice.token }), 403, 'forbidden');
    expect((await api.call('DELETE', `/api/v1/tags/${vip?.id}`, { token: supervisor.token })).status).toBe(204);
    const [left] = await api.sql`select count(*)::int as n from conversation_tags where tenant_id = ${tenantId}`;
    expect(left?.n).toBe(0);
    const names = (await api.call('GET', '/api/v1/tags', { token: alice.token })).body.items.map(
      (t: { name: string }) => t.name,
    );
    expect(names).toEqual(['billing', 'bug', 'delivery']);
    expect(await auditActionsOf(api, tenantId, vip?.id as string)).toEqual(['tag.delete']);
    expectErrorShape(await api.call('DELETE', `/api/v1/tags/${vip?.id}`, { token: supervisor.token }), 404);
    expectErrorShape(
      await api.call('PATCH', `/api/v1/tags/${randomUUID()}`, { token: supervisor.token, body: { name: 'x' } }),
      404,
      'not_found',
    );
  });
});

describe('funnel stages', () => {
  const listed = async (token: string) =>
    (await api.call('GET', '/api/v1/funnel-stages', { token })).body.items.map(
      (s: { name: string; position: number; isFinal: boolean }) => [s.name, s.position, s.isFinal],
    );

  it('are listed to everyone in position order, and placed after the last one by default', async () => {
    const { tenantId, owner, supervisor, alice } = await demoStaff(api);
    expect(await listed(alice.token)).toEqual([
      ['New lead', 0, false],
      ['Qualified', 1, false],
      ['Won', 2, true],
      ['Lost', 3, true],
    ]);
    const body = { name: 'Proposal sent' };
    expectErrorShape(await api.call('POST', '/api/v1/funnel-stages', { token: supervisor.token, body }), 403);

    const appended = await api.call('POST', '/api/v1/funnel-stages', { token: owner.token, body });
    expect(appended.status).toBe(201);
    expect(appended.body).toMatchObject({ name: 'Proposal sent', position: 4, isFinal: false });
    const moved = await api.call('PATCH', `/api/v1/funnel-stages/${appended.body.id}`, {
      token: owner.token,
      body: { position: 2, name: 'Proposal' },
    });
    expect(moved.body).toMatchObject({ name: 'Proposal', position: 2, isFinal: false });
    const placed = await api.call('POST', '/api/v1/funnel-stages', {
      token: owner.token,
      body: { name: 'Contacted', position: 0, isFinal: false },
    });
    expect(placed.body.position).toBe(0);
    expect((await listed(alice.token)).map((s: unknown[]) => s[0])).toEqual([
      'Contacted',
      'New lead',
      'Qualified',
      'Proposal',
      'Won',
      'Lost',
    ]);
    const negative = await api.call('POST', '/api/v1/funnel-stages', {
      token: owner.token,
      body: { name: 'x', position: -1 },
    });
    expectErrorShape(negative, 400);
    expect(negative.body.error.details[0].path).toEqual(['position']);
    expect(await auditActionsOf(api, tenantId, appended.body.id)).toEqual([
      'funnel_stage.create',
      'funnel_stage.update',
    ]);
  });

  it('leave the conversations in them without a stage when deleted', async () => {
    const { tenantId, owner } = await demoStaff(api);
    const [won] = await api.sql<{ id: string }[]>`
      select id from funnel_stages where tenant_id = ${tenantId} and name = 'Won'`;
    await api.sql`update conversations set stage_id = ${won?.id as string} where tenant_id = ${tenantId}`;
    expect((await api.call('DELETE', `/api/v1/funnel-stages/${won?.id}`, { token: owner.token })).status).toBe(204);
    const [staged] = await api.sql`
      select count(*)::int as n from conversations where tenant_id = ${tenantId} and stage_id is not null`;
    expect(staged?.n).toBe(0);
    expectErrorShape(await api.call('DELETE', `/api/v1/funnel-stages/${won?.id}`, { token: owner.token }), 404);
    expectErrorShape(
      await api.call('PATCH', `/api/v1/funnel-stages/${won?.id}`, { token: owner.token, body: { isFinal: false } }),
      404,
      'not_found',
    );
  });
});
