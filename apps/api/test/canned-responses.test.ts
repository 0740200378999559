// Canned responses through the typed client: every answer is parsed with its route's contract
// (apiRoutes.cannedResponses), so a drifting answer fails here too.
import { randomUUID } from 'node:crypto';
import { apiRoutes, type CannedResponse, type CreateCannedResponseBody } from '@relay/contracts';
import { describe, expect, it } from 'vitest';
import { refused, useApi } from './support/api-harness.ts';
import { auditActionsOf, demoStaff } from './support/demo-staff.ts';

const api = useApi();
const {
  listCannedResponses,
  createCannedResponse,
  updateCannedResponse,
  deleteCannedResponse,
  recordCannedResponseUse,
} = apiRoutes.cannedResponses;

const shortcuts = ({ items }: { items: CannedResponse[] }) =>
  items.map((c) => `${c.shortcut}${c.shared ? '' : ' (mine)'}`);

function create(token: string, body: Partial<CreateCannedResponseBody> & { shortcut: string }) {
  return api.client(token).call(createCannedResponse, { body: { title: 'A title', content: 'Some content', ...body } });
}

describe('canned responses', () => {
  it('show the shared ones and the caller’s own, never someone else’s personal ones', async () => {
    const { tenantId, alice, bob, supervisor } = await demoStaff(api);
    const mine = await create(alice.token, { title: 'My hello', shortcut: 'hello', content: 'Hi, Alice here!' });
    expect(mine).toMatchObject({
      shortcut: 'hello',
      shared: false,
      ownerId: alice.id,
      usageCount: 0,
      lastUsedAt: null,
      category: null,
    });
    expect(await auditActionsOf(api, tenantId, mine.id)).toEqual(['canned_response.create']);

    expect(shortcuts(await api.client(alice.token).call(listCannedResponses))).toEqual([
      'check',
      'hello (mine)',
      'hello',
      'hours',
      'thanks',
    ]);
    for (const viewer of [bob, supervisor]) {
      expect(shortcuts(await api.client(viewer.token).call(listCannedResponses))).toEqual([
        'check',
        'hello',
        'hours',
        'thanks',
      ]);
    }
  });

  it('keep shortcuts unique per owner, and shared ones to supervisors and up', async () => {
    const { alice, bob, supervisor } = await demoStaff(api);
    expect(await create(alice.token, { shortcut: 'refund' })).toMatchObject({ shortcut: 'refund', shared: false });
    await refused(create(alice.token, { shortcut: 'refund' }), 409, 'conflict');
    expect(await create(bob.token, { shortcut: 'refund' })).toMatchObject({ ownerId: bob.id });

    await refused(create(alice.token, { shortcut: 'policy', shared: true }), 403, 'forbidden');
    await refused(create(supervisor.token, { shortcut: 'hello', shared: true }), 409, 'conflict');
    const shared = await create(supervisor.token, { shortcut: 'refund', shared: true, category: 'billing' });
    expect(shared).toMatchObject({ shared: true, ownerId: null, category: 'billing' });

    const bad = await refused(create(alice.token, { shortcut: 'Two Words' }), 400, 'bad_request');
    expect(bad.error.details).toMatchObject([{ path: ['shortcut'] }]);
  });

  it('search title, shortcut and content with ?q=, wildcards taken literally', async () => {
    const { alice } = await demoStaff(api);
    await create(alice.token, { shortcut: 'sale', title: 'Sale', content: 'Save 50% today' });
    await create(alice.token, { shortcut: 'sale2', title: 'Other sale', content: 'Save 500 roubles today' });
    await create(alice.token, { shortcut: 'under_score', title: 'Underscore', content: 'x' });
    const search = async (q: string) =>
      shortcuts(await api.client(alice.token).call(listCannedResponses, { query: { q } }));

    expect(await search('50%')).toEqual(['sale (mine)']);
    expect(await search('save 50')).toEqual(['sale (mine)', 'sale2 (mine)']);
    expect(await search('_')).toEqual(['under_score (mine)']);
    expect(await search('HOURS')).toEqual(['hours']);
    expect(await search('minute')).toEqual(['check']); // content only
    expect(await search('\\')).toEqual([]);
  });

  it('are changed and deleted by their owner, or by supervisors when shared', async () => {
    const { tenantId, alice, bob, supervisor } = await demoStaff(api);
    const mine = await create(alice.token, { shortcut: 'mine' });
    const [row] = await api.sql<{ id: string }[]>`
      select id from canned_responses where tenant_id = ${tenantId} and shortcut = 'hello' and operator_id is null`;
    const shared = { id: row?.id as string };
    const patch = (token: string, id: string, body: { title?: string; shortcut?: string; content?: string }) =>
      api.client(token).call(updateCannedResponse, { params: { id }, body });
    const remove = (token: string, id: string) => api.client(token).call(deleteCannedResponse, { params: { id } });

    await refused(patch(alice.token, shared.id, { title: 'x' }), 403, 'forbidden');
    await refused(patch(bob.token, mine.id, { title: 'x' }), 404, 'not_found');
    await refused(patch(supervisor.token, mine.id, { title: 'x' }), 404, 'not_found');

    const renamed = await api.client(alice.token).call(updateCannedResponse, {
      params: { id: mine.id },
      body: { title: 'Renamed', category: 'personal' },
    });
    expect(renamed).toMatchObject({ id: mine.id, title: 'Renamed', category: 'personal', shortcut: 'mine' });
    await refused(patch(supervisor.token, shared.id, { shortcut: 'thanks' }), 409, 'conflict');
    const edited = await patch(supervisor.token, shared.id, { content: 'Hello there!' });
    expect(edited).toMatchObject({ shared: true, content: 'Hello there!', shortcut: 'hello' });

    await refused(remove(bob.token, mine.id), 404);
    await refused(remove(alice.token, shared.id), 403, 'forbidden');
    expect(await remove(alice.token, mine.id)).toBeUndefined();
    expect(await remove(supervisor.token, shared.id)).toBeUndefined();
    const [left] = await api.sql`
      select count(*)::int as n from canned_responses where tenant_id = ${tenantId} and id in ${api.sql([mine.id, shared.id])}`;
    expect(left?.n).toBe(0);
    expect(await auditActionsOf(api, tenantId, mine.id)).toEqual([
      'canned_response.create',
      'canned_response.update',
      'canned_response.delete',
    ]);
  });

  it('count their uses from the composer', async () => {
    const { tenantId, alice, bob } = await demoStaff(api);
    const mine = await create(alice.token, { shortcut: 'mine' });
    const [shared] = await api.sql<{ id: string }[]>`
      select id from canned_responses where tenant_id = ${tenantId} and shortcut = 'check'`;
    const use = (token: string, id: string) => api.client(token).call(recordCannedResponseUse, { params: { id } });

    const first = await use(alice.token, shared?.id as string);
    expect(first).toMatchObject({ usageCount: 1, lastUsedAt: expect.any(String) });
    expect((await use(bob.token, shared?.id as string)).usageCount).toBe(2);
    expect((await use(alice.token, mine.id)).usageCount).toBe(1);
    await refused(use(bob.token, mine.id), 404, 'not_found');
    await refused(use(bob.token, randomUUID()), 404, 'not_found');
    const [row] =
      await api.sql`select usage_count from canned_responses where tenant_id = ${tenantId} and id = ${mine.id}`;
    expect(row?.usageCount).toBe(1);
  });
});
