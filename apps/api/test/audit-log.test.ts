import { describe, expect, it } from 'vitest';
import { expectErrorShape, useApi } from './support/api-harness.ts';

const api = useApi();

describe('the audit log', () => {
  it('shows writes newest first, pages with a cursor, and names who did them', async () => {
    const { slug, tenantId } = await api.demoTenant();
    const owner = await api.login(slug, 'owner@demo.test');
    const token = owner.accessToken;
    await api.call('PATCH', '/api/v1/me', { token, body: { availability: 'online' } });
    const dave = await api.call('POST', '/api/v1/operators', {
      token,
      body: { email: 'dave@demo.test', name: 'Dave' },
    });
    await api.call('PATCH', `/api/v1/operators/${dave.body.id}`, { token, body: { capacity: 2 } });

    const all = await api.call('GET', '/api/v1/audit-log', { token });
    expect(all.status).toBe(200);
    expect(all.body.items.map((e: { action: string }) => e.action)).toEqual([
      'operator.update',
      'operator.create',
      'me.update',
      'auth.login',
    ]);
    expect(all.body.items[0]).toMatchObject({
      operatorId: owner.operator.id,
      operatorName: 'Olivia Owner',
      targetType: 'operator',
      targetId: dave.body.id,
      details: { capacity: 2 },
    });
    expect(all.body.items[0]).not.toHaveProperty('tenantId');
    expect(all.body.nextCursor).toBeNull();

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const path: string = `/api/v1/audit-log?limit=1${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await api.call('GET', path, { token });
      seen.push(...page.body.items.map((e: { id: string }) => e.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.body.items.map((e: { id: string }) => e.id));

    // Rows of one transaction share created_at; paging still keeps every one exactly once.
    await api.sql`
      insert into audit_log (tenant_id, operator_id, action)
      select ${tenantId}, null, 'system.batch' from generate_series(1, 5)`;
    const batch: string[] = [];
    cursor = null;
    do {
      const path: string = `/api/v1/audit-log?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await api.call('GET', path, { token });
      batch.push(...page.body.items.map((e: { id: string }) => e.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(batch).toHaveLength(9);
    expect(new Set(batch).size).toBe(9);
  });

  it('is for admins and owners only', async () => {
    const { slug } = await api.demoTenant();
    for (const email of ['alice@demo.test', 'supervisor@demo.test']) {
      const { accessToken } = await api.login(slug, email);
      expectErrorShape(await api.call('GET', '/api/v1/audit-log', { token: accessToken }), 403, 'forbidden');
    }
  });
});
