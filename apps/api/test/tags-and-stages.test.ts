// Tags and funnel stages through the typed client: every answer is parsed with its route's
// contract (apiRoutes.tags, apiRoutes.funnelStages), so a drifting answer fails here too.
import { randomUUID } from 'node:crypto';
import { apiRoutes } from '@relay/contracts';
import { describe, expect, it } from 'vitest';
import { refused, useApi } from './support/api-harness.ts';
import { auditActionsOf, demoStaff } from './support/demo-staff.ts';

const api = useApi();
const { listTags, createTag, updateTag, deleteTag } = apiRoutes.tags;
const { listFunnelStages, createFunnelStage, updateFunnelStage, deleteFunnelStage } = apiRoutes.funnelStages;

describe('tags', () => {
  it('are listed to everyone, by name', async () => {
    const { alice } = await demoStaff(api);
    const { items } = await api.client(alice.token).call(listTags);
    expect(items.map((t) => [t.name, t.color])).toEqual([
      ['billing', '#2563eb'],
      ['bug', '#dc2626'],
      ['delivery', '#059669'],
      ['vip', '#d97706'],
    ]);
  });

  it('are created, renamed and recoloured by supervisors, names unique whatever the case', async () => {
    const { tenantId, supervisor, alice } = await demoStaff(api);
    const as = api.client(supervisor.token);
    await refused(api.client(alice.token).call(createTag, { body: { name: 'urgent' } }), 403, 'forbidden');

    const urgent = await as.call(createTag, { body: { name: ' Urgent ', color: '#FF00aa' } });
    expect(urgent).toMatchObject({ name: 'Urgent', color: '#ff00aa' });
    expect((await as.call(createTag, { body: { name: 'Later' } })).color).toBe('#64748b');

    await refused(as.call(createTag, { body: { name: 'URGENT' } }), 409, 'conflict');
    await refused(as.call(createTag, { body: { name: 'VIP' } }), 409, 'conflict');
    const badColor = await refused(as.call(createTag, { body: { name: 'red', color: 'red' } }), 400, 'bad_request');
    expect(badColor.error.details).toMatchObject([{ path: ['color'] }]);

    const params = { id: urgent.id };
    await refused(as.call(updateTag, { params, body: { name: 'Billing' } }), 409, 'conflict');
    const recoloured = await as.call(updateTag, { params, body: { color: '#123456' } });
    expect(recoloured).toMatchObject({ id: urgent.id, name: 'Urgent', color: '#123456' });
    expect(await auditActionsOf(api, tenantId, urgent.id)).toEqual(['tag.create', 'tag.update']);
  });

  it('come off every conversation when deleted', async () => {
    const { tenantId, supervisor, alice } = await demoStaff(api);
    const [vip] = await api.sql<{ id: string }[]>`select id from tags where tenant_id = ${tenantId} and name = 'vip'`;
    await api.sql`
      insert into conversation_tags (tenant_id, conversation_id, tag_id)
      select tenant_id, id, ${vip?.id as string} from conversations where tenant_id = ${tenantId}`;
    const params = { id: vip?.id as string };

    await refused(api.client(alice.token).call(deleteTag, { params }), 403, 'forbidden');
    expect(await api.client(supervisor.token).call(deleteTag, { params })).toBeUndefined();
    const [left] = await api.sql`select count(*)::int as n from conversation_tags where tenant_id = ${tenantId}`;
    expect(left?.n).toBe(0);
    const { items } = await api.client(alice.token).call(listTags);
    expect(items.map((t) => t.name)).toEqual(['billing', 'bug', 'delivery']);
    expect(await auditActionsOf(api, tenantId, params.id)).toEqual(['tag.delete']);
    await refused(api.client(supervisor.token).call(deleteTag, { params }), 404);
    await refused(
      api.client(supervisor.token).call(updateTag, { params: { id: randomUUID() }, body: { name: 'x' } }),
      404,
      'not_found',
    );
  });
});

describe('funnel stages', () => {
  const listed = async (token: string) =>
    (await api.client(token).call(listFunnelStages)).items.map((s) => [s.name, s.position, s.isFinal]);

  it('are listed to everyone in position order, and placed after the last one by default', async () => {
    const { tenantId, owner, supervisor, alice } = await demoStaff(api);
    expect(await listed(alice.token)).toEqual([
      ['New lead', 0, false],
      ['Qualified', 1, false],
      ['Won', 2, true],
      ['Lost', 3, true],
    ]);
    const body = { name: 'Proposal sent' };
    await refused(api.client(supervisor.token).call(createFunnelStage, { body }), 403);

    const as = api.client(owner.token);
    const appended = await as.call(createFunnelStage, { body });
    expect(appended).toMatchObject({ name: 'Proposal sent', position: 4, isFinal: false });
    const moved = await as.call(updateFunnelStage, {
      params: { id: appended.id },
      body: { position: 2, name: 'Proposal' },
    });
    expect(moved).toMatchObject({ name: 'Proposal', position: 2, isFinal: false });
    const placed = await as.call(createFunnelStage, { body: { name: 'Contacted', position: 0, isFinal: false } });
    expect(placed.position).toBe(0);
    expect((await listed(alice.token)).map((s) => s[0])).toEqual([
      'Contacted',
      'New lead',
      'Qualified',
      'Proposal',
      'Won',
      'Lost',
    ]);
    const negative = await refused(as.call(createFunnelStage, { body: { name: 'x', position: -1 } }), 400);
    expect(negative.error.details).toMatchObject([{ path: ['position'] }]);
    expect(await auditActionsOf(api, tenantId, appended.id)).toEqual(['funnel_stage.create', 'funnel_stage.update']);
  });

  it('leave the conversations in them without a stage when deleted', async () => {
    const { tenantId, owner } = await demoStaff(api);
    const [won] = await api.sql<{ id: string }[]>`
      select id from funnel_stages where tenant_id = ${tenantId} and name = 'Won'`;
    await api.sql`update conversations set stage_id = ${won?.id as string} where tenant_id = ${tenantId}`;
    const as = api.client(owner.token);
    const params = { id: won?.id as string };
    expect(await as.call(deleteFunnelStage, { params })).toBeUndefined();
    const [staged] = await api.sql`
      select count(*)::int as n from conversations where tenant_id = ${tenantId} and stage_id is not null`;
    expect(staged?.n).toBe(0);
    await refused(as.call(deleteFunnelStage, { params }), 404);
    await refused(as.call(updateFunnelStage, { params, body: { isFinal: false } }), 404, 'not_found');
  });
});
