import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { expectErrorShape, useApi } from './support/api-harness.ts';
import { auditActionsOf, demoStaff } from './support/demo-staff.ts';

const api = useApi();

type Canned = { id: string; shortcut: string; shared: boolean; ownerId: string | null; title: string };
const shortcuts = (reply: { body: { items: Canned[] } }) =>
  reply.body.items.map((c) => `${c.shortcut}${c.shared ? '' : ' (mine)'}`);

function create(token: string, body: Record<string, unknown>) {
  return api.call('POST', '/api/v1/canned-responses', {
    token,
    body: { title: 'A title', content: 'Some content', ...body },
  });
}

describe('canned responses', () => {
  it('show the shared ones and the caller’s own, never someone else’s personal ones', async () => {
    const { tenantId, alice, bob, supervisor } = await demoStaff(api);
    const mine = await create(alice.token, { title: 'My hello', shortcut: 'hello', content: 'Hi, Alice here!' });
    expect(mine.status).toBe(201);
    expect(mine.body).toMatchObject({
      shortcut: 'hello',
      shared: false,
      ownerId: alice.id,
      usageCount: 0,
      lastUsedAt: null,
      category: null,
    });
    expect(await auditActionsOf(api, tenantId, mine.body.id)).toEqual(['canned_response.create']);

    expect(shortcuts(await api.call('GET', '/api/v1/canned-responses', { token: alice.token }))).toEqual([
      'check',
      'hello (mine)',
      'hello',
      'hours',
      'thanks',
    ]);
    for (const viewer of [bob, supervisor]) {
      expect(shortcuts(await api.call('GET', '/api/v1/canned-responses', { token: viewer.token }))).toEqual([
        'check',
        'hello',
        'hours',
        'thanks',
      ]);
    }
  });

  it('keep shortcuts unique per owner, and shared ones to supervisors and up', async () => {
    const { alice, bob, supervisor } = await demoStaff(api);
    expect((await create(alice.token, { shortcut: 'refund' })).status).toBe(201);
    expectErrorShape(await create(alice.token, { shortcut: 'refund' }), 409, 'conflict');
    expect((await create(bob.token, { shortcut: 'refund' })).status).toBe(201);

    expectErrorShape(await create(alice.token, { shortcut: 'policy', shared: true }), 403, 'forbidden');
    expectErrorShape(await create(supervisor.token, { shortcut: 'hello', shared: true }), 409, 'conflict');
    const shared = await create(supervisor.token, { shortcut: 'refund', shared: true, category: 'billing' });
    expect(shared.status).toBe(201);
    expect(shared.body).toMatchObject({ shared: true, ownerId: null, category: 'billing' });

    const bad = await create(alice.token, { shortcut: 'Two Words' });
    expectErrorShape(bad, 400, 'bad_request');
    expect(bad.body.error.details[0].path).toEqual(['shortcut']);
  });

  it('search title, shortcut and content with ?q=, wildcards taken literally', async () => {
    const { alice } = await demoStaff(api);
    await create(alice.token, { shortcut: 'sale', title: 'Sale', content: 'Save 50% today' });
    await create(alice.token, { shortcut: 'sale2', title: 'Other sale', content: 'Save 500 roubles today' });
    await create(alice.token, { shortcut: 'under_score', title: 'Underscore', content: 'x' });
    const search = async (q: string) =>
      shortcuts(await api.call('GET', `/api/v1/canned-responses?q=${encodeURIComponent(q)}`, { token: alice.token }));

    expect(await search('50%')).toEqual(['sale (mine)']);
    expect(await search('save 50')).toEqual(['sale (mine)', 'sale2 (mine)']);
    expect(await search('_')).toEqual(['under_score (mine)']);
    expect(await search('HOURS')).toEqual(['hours']);
    expect(await search('minute')).toEqual(['check']); // content only
    expect(await search('\\')).toEqual([]);
  });

  it('are changed and deleted by their owner, or by supervisors when shared', async () => {
    const { tenantId, alice, bob, supervisor } = await demoStaff(api);
    const mine = (await create(alice.token, { shortcut: 'mine' })).body as Canned;
    const [shared] = await api.sql<{ id: string }[]>`
      select id from canned_responses where tenant_id = ${tenantId} and shortcut = 'hello' and operator_id is null`;
    const patch = (token: string, id: string, body: unknown) =>
      api.call('PATCH', `/api/v1/canned-responses/${id}`, { token, body });

    expectErrorShape(await patch(alice.token, shared?.id as string, { title: 'x' }), 403, 'forbidden');
    expectErrorShape(await patch(bob.token, mine.id, { title: 'x' }), 404, 'not_found');
    expectErrorShape(await patch(supervisor.token, mine.id, { title: 'x' }), 404, 'not_found');

    const renamed = await patch(alice.token, mine.id, { title: 'Renamed', category: 'personal' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ id: mine.id, title: 'Renamed', category: 'personal', shortcut: 'mine' });
    expectErrorShape(await patch(supervisor.token, shared?.id as string, { shortcut: 'thanks' }), 409, 'conflict');
    const edited = await patch(supervisor.token, shared?.id as string, { content: 'Hello there!' });
    expect(edited.body).toMatchObject({ shared: true, content: 'Hello there!', shortcut: 'hello' });

    expectErrorShape(await api.call('DELETE', `/api/v1/canned-responses/${mine.id}`, { token: bob.token }), 404);
    expectErrorShape(
      await api.call('DELETE', `/api/v1/canned-responses/${shared?.id}`, { token: alice.token }),
      403,
      'forbidden',
    );
    expect((await api.call('DELETE', `/api/v1/canned-responses/${mine.id}`, { token: alice.token })).status).toBe(204);
    expect(
      (await api.call('DELETE', `/api/v1/canned-responses/${shared?.id}`, { token: supervisor.token })).status,
    ).toBe(204);
    const [left] = await api.sql`
      select count(*)::int as n from canned_responses where tenant_id = ${tenantId} and id in ${api.sql([mine.id, shared?.id as string])}`;
    expect(left?.n).toBe(0);
    expect(await auditActionsOf(api, tenantId, mine.id)).toEqual([
      'canned_response.create',
      'canned_response.update',
      'canned_response.delete',
    ]);
  });

  it('count their uses from the composer', async () => {
    const { tenantId, alice, bob } = await demoStaff(api);
    const mine = (await create(alice.token, { shortcut: 'mine' })).body as Canned;
    const [shared] = await api.sql<{ id: string }[]>`
      select id from canned_responses where tenant_id = ${tenantId} and shortcut = 'check'`;
    const use = (token: string, id: string) => api.call('POST', `/api/v1/canned-responses/${id}/use`, { token });

    const first = await use(alice.token, shared?.id as string);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ usageCount: 1, lastUsedAt: expect.any(String) });
    expect((await use(bob.token, shared?.id as string)).body.usageCount).toBe(2);
    expect((await use(alice.token, mine.id)).body.usageCount).toBe(1);
    expectErrorShape(await use(bob.token, mine.id), 404, 'not_found');
    expectErrorShape(await use(bob.token, randomUUID()), 404, 'not_found');
    const [row] =
      await api.sql`select usage_count from canned_responses where tenant_id = ${tenantId} and id = ${mine.id}`;
    expect(row?.usageCount).toBe(1);
  });
});
