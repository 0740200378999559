// updateClient is the one edit of a client's fields: these pin the audit row,
// that a merged client is read-only, that a phone stays with one client, and
// the tenant wall.
import { findOrCreateClientByIdentity, getClient, withTenant } from '@relay/db';
import { fillEveryTenantTable, useTestDb } from '@relay/db/testing';
import { describe, expect, it } from 'vitest';
import { InboxError, type UpdateClientInput, updateClient } from '../src/index.ts';

const sql = useTestDb();

function update(tenantId: string, input: Omit<UpdateClientInput, 'tenantId' | 'actor'>) {
  return withTenant(sql, tenantId, (tx) =>
    updateClient(tx, { tenantId, actor: { operatorId: null, ip: '198.51.100.4' }, ...input }),
  );
}

describe('updateClient', () => {
  it('changes the fields given, merges attributes and audits the change', async () => {
    const fx = await fillEveryTenantTable(sql);
    await update(fx.tenantId, { clientId: fx.clientId, changes: { attributes: { city: 'Kazan', vip: false } } });
    const changed = await update(fx.tenantId, {
      clientId: fx.clientId,
      changes: { email: 'one@example.test', attributes: { vip: true } },
    });
    expect(changed).toMatchObject({
      id: fx.clientId,
      name: 'Client One',
      email: 'one@example.test',
      attributes: { city: 'Kazan', vip: true },
    });
    const audit = await sql`
      select operator_id, ip, details from audit_log
       where tenant_id = ${fx.tenantId} and action = 'client.update' and target_id = ${fx.clientId}
       order by created_at, id`;
    expect(audit).toEqual([
      { operatorId: null, ip: '198.51.100.4', details: { attributes: { city: 'Kazan', vip: false } } },
      { operatorId: null, ip: '198.51.100.4', details: { email: 'one@example.test', attributes: { vip: true } } },
    ]);
  });

  it('refuses editing a merged client and taking another client’s phone, changing nothing', async () => {
    const fx = await fillEveryTenantTable(sql);
    const [gone] = await sql<{ id: string }[]>`
      select id from clients where tenant_id = ${fx.tenantId} and merged_into_id = ${fx.clientId}`;
    const merged = update(fx.tenantId, { clientId: gone?.id as string, changes: { name: 'Renamed' } });
    await expect(merged).rejects.toBeInstanceOf(InboxError);
    await expect(merged).rejects.toMatchObject({ code: 'unprocessable', details: { mergedIntoId: fx.clientId } });

    await update(fx.tenantId, { clientId: fx.clientId, changes: { phone: '+79160000001' } });
    const other = await withTenant(sql, fx.tenantId, async (tx) => {
      const { client } = await findOrCreateClientByIdentity(tx, fx.tenantId, {
        channel: 'telegram',
        externalId: 'phone-taker',
        displayName: 'Taker',
      });
      return client;
    });
    const taken = update(fx.tenantId, { clientId: other.id, changes: { name: 'Taker 2', phone: '+79160000001' } });
    await expect(taken).rejects.toBeInstanceOf(InboxError);
    await expect(taken).rejects.toMatchObject({
      code: 'conflict',
      message: 'another client has this phone number; merge them instead',
      details: [{ path: ['phone'], message: 'already used by another client', code: 'custom' }],
    });
    const after = await withTenant(sql, fx.tenantId, (tx) => getClient(tx, fx.tenantId, other.id));
    expect(after).toMatchObject({ name: 'Taker', phone: null });
    const [audits] = await sql<{ n: number }[]>`
      select count(*)::int as n from audit_log where tenant_id = ${fx.tenantId} and action = 'client.update'`;
    expect(audits?.n).toBe(1);
  });

  it("cannot reach another tenant's client", async () => {
    const a = await fillEveryTenantTable(sql);
    const b = await fillEveryTenantTable(sql);
    const theirs = update(a.tenantId, { clientId: b.clientId, changes: { name: 'Mine now' } });
    await expect(theirs).rejects.toMatchObject({ code: 'not_found', message: 'client not found' });
    const after = await withTenant(sql, b.tenantId, (tx) => getClient(tx, b.tenantId, b.clientId));
    expect(after?.name).toBe('Client One');
  });
});
