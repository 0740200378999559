// The audit log through the typed client: every page is parsed with its route's contract
// (apiRoutes.auditLog), so a drifting answer fails here too.
import { type AuditLogPage, apiRoutes } from '@relay/contracts';
import { describe, expect, it } from 'vitest';
import { refused, useApi } from './support/api-harness.ts';

const api = useApi();
const { listAuditLog } = apiRoutes.auditLog;

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

    const client = api.client(token);
    const all = await client.call(listAuditLog);
    expect(all.items.map((e) => e.action)).toEqual(['operator.update', 'operator.create', 'me.update', 'auth.login']);
    expect(all.items[0]).toMatchObject({
      operatorId: owner.operator.id,
      operatorName: 'Olivia Owner',
      targetType: 'operator',
      targetId: dave.body.id,
      details: { capacity: 2 },
    });
    expect(all.items[0]).not.toHaveProperty('tenantId');
    expect(all.nextCursor).toBeNull();

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: AuditLogPage = await client.call(listAuditLog, {
        query: { limit: 1, ...(cursor ? { cursor } : {}) },
      });
      seen.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.items.map((e) => e.id));

    // Rows of one transaction share created_at; paging still keeps every one exactly once.
    await api.sql`
      insert into audit_log (tenant_id, operator_id, action)
      select ${tenantId}, null, 'system.batch' from generate_series(1, 5)`;
    const batch: string[] = [];
    cursor = null;
    do {
      const page: AuditLogPage = await client.call(listAuditLog, {
        query: { limit: 2, ...(cursor ? { cursor } : {}) },
      });
      batch.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(batch).toHaveLength(9);
    expect(new Set(batch).size).toBe(9);
  });

  it('is for admins and owners only', async () => {
    const { slug } = await api.demoTenant();
    for (const email of ['alice@demo.test', 'supervisor@demo.test']) {
      const { accessToken } = await api.login(slug, email);
      await refused(api.client(accessToken).call(listAuditLog), 403, 'forbidden');
    }
  });
});
