import { describe, expect, it } from 'vitest';
import { expectErrorShape, useApi } from './support/api-harness.ts';

const api = useApi();

async function demo() {
  const { slug, tenantId } = await api.demoTenant();
  const [owner, supervisor, alice] = await Promise.all([
    api.login(slug, 'owner@demo.test'),
    api.login(slug, 'supervisor@demo.test'),
    api.login(slug, 'alice@demo.test'),
  ]);
  const rows = await api.sql<
    { id: string; name: string }[]
  >`select id, name from clients where tenant_id = ${tenantId}`;
  const client = (name: string) => {
    const row = rows.find((r) => r.name === name);
    if (!row) throw new Error(`no demo client ${name}`);
    return row.id;
  };
  return { slug, tenantId, owner, supervisor, alice, client };
}

const names = (reply: { body: { items: { name: string }[] } }) => reply.body.items.map((c) => c.name).sort();

describe('the client list', () => {
  it('lists and searches by word or by any part of name, phone and email', async () => {
    const { alice, client } = await demo();
    const token = alice.accessToken;
    expect(names(await api.call('GET', '/api/v1/clients', { token }))).toEqual([
      'Anna L.',
      'Dmitry K.',
      'Ivan P.',
      'Maria S.',
    ]);
    await api.call('PATCH', `/api/v1/clients/${client('Ivan P.')}`, {
      token,
      body: { email: 'ivan.petrov@example.com', phone: '+7 (916) 555-01-02' },
    });
    expect(names(await api.call('GET', '/api/v1/clients?q=dmit', { token }))).toEqual(['Dmitry K.']);
    expect(names(await api.call('GET', '/api/v1/clients?q=maria', { token }))).toEqual(['Maria S.']);
    expect(names(await api.call('GET', '/api/v1/clients?q=petrov%40example', { token }))).toEqual(['Ivan P.']);
    expect(names(await api.call('GET', '/api/v1/clients?q=5550102', { token }))).toEqual(['Ivan P.']);
    expect(names(await api.call('GET', '/api/v1/clients?q=%25', { token }))).toEqual([]);
  });

  it('pages newest first with a cursor, without repeats or gaps, even when rows share a timestamp', async () => {
    const { alice, tenantId } = await demo();
    // The demo's clients were all created in one transaction: one created_at for all.
    const [stamps] =
      await api.sql`select count(distinct created_at)::int as n from clients where tenant_id = ${tenantId}`;
    expect(stamps?.n).toBe(1);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const path: string = `/api/v1/clients?limit=1${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await api.call('GET', path, { token: alice.accessToken });
      expect(page.body.items.length).toBeLessThanOrEqual(1);
      seen.push(...page.body.items.map((c: { id: string }) => c.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    const whole = await api.call('GET', '/api/v1/clients?limit=100', { token: alice.accessToken });
    expect(seen).toEqual(whole.body.items.map((c: { id: string }) => c.id));
    expect(new Set(seen).size).toBe(4);
    expectErrorShape(await api.call('GET', '/api/v1/clients?cursor=nope', { token: alice.accessToken }), 400);
  });
});

describe('one client', () => {
  it('shows identities and the conversations the caller may see', async () => {
    const { slug, owner, alice, client } = await demo();
    const detail = await api.call('GET', `/api/v1/clients/${client('Dmitry K.')}`, { token: alice.accessToken });
    expect(detail.body).toMatchObject({ name: 'Dmitry K.', mergedIntoId: null });
    expect(detail.body.identities).toEqual([
      expect.objectContaining({ channel: 'telegram', externalId: '5000000001', displayName: 'Dmitry K.' }),
    ]);
    expect(detail.body.conversations).toEqual([expect.objectContaining({ channel: 'telegram', status: 'open' })]);

    // Dave is in no queue: he may see the client, not their conversations.
    await api.call('POST', '/api/v1/operators', {
      token: owner.accessToken,
      body: { email: 'dave@demo.test', name: 'Dave', password: 'dave-pass-1' },
    });
    const dave = await api.login(slug, 'dave@demo.test', 'dave-pass-1');
    const forDave = await api.call('GET', `/api/v1/clients/${client('Dmitry K.')}`, { token: dave.accessToken });
    expect(forDave.body.identities).toHaveLength(1);
    expect(forDave.body.conversations).toEqual([]);
    expectErrorShape(await api.call('GET', `/api/v1/clients/${crypto.randomUUID()}`, { token: dave.accessToken }), 404);
  });

  it('edits fields, merges attributes, normalises phones and keeps a phone to one client', async () => {
    const { tenantId, alice, client } = await demo();
    const token = alice.accessToken;
    const maria = `/api/v1/clients/${client('Maria S.')}`;
    await api.call('PATCH', maria, { token, body: { attributes: { city: 'Kazan', tier: 'gold' } } });
    const edited = await api.call('PATCH', maria, {
      token,
      body: { name: 'Maria Sokolova', phone: '+7 916 123-45-67', attributes: { tier: 'platinum' } },
    });
    expect(edited.body).toMatchObject({
      name: 'Maria Sokolova',
      phone: '+79161234567',
      attributes: { city: 'Kazan', tier: 'platinum' },
    });
    const taken = await api.call('PATCH', `/api/v1/clients/${client('Dmitry K.')}`, {
      token,
      body: { phone: '+7(916)1234567' },
    });
    expectErrorShape(taken, 409, 'conflict');
    expect(taken.body.error.details[0].path).toEqual(['phone']);
    const cleared = await api.call('PATCH', maria, { token, body: { phone: null } });
    expect(cleared.body.phone).toBeNull();
    expectErrorShape(await api.call('PATCH', maria, { token, body: { phone: 'call me' } }), 400);
    const audit = await api.sql`
      select count(*)::int as n from audit_log where tenant_id = ${tenantId} and action = 'client.update'`;
    expect(audit[0]?.n).toBe(3);
  });
});

describe('merging clients', () => {
  it('moves identities and conversations to the master, records the merge and hides the duplicate', async () => {
    const { tenantId, supervisor, alice, client } = await demo();
    const dmitry = client('Dmitry K.');
    const maria = client('Maria S.');
    await api.call('PATCH', `/api/v1/clients/${maria}`, {
      token: alice.accessToken,
      body: { phone: '+79161234567', email: 'maria@example.com' },
    });
    const [mariasConversation] = await api.sql<{ id: string }[]>`
      select id from conversations where tenant_id = ${tenantId} and client_id = ${maria}`;
    const before = api.published.length;

    const merged = await api.call('POST', `/api/v1/clients/${dmitry}/merge`, {
      token: supervisor.accessToken,
      body: { mergedClientId: maria, reason: 'same person, two channels' },
    });
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({ id: dmitry, name: 'Dmitry K.', phone: '+79161234567' });
    expect(merged.body.identities.map((i: { channel: string }) => i.channel).sort()).toEqual(['telegram', 'whatsapp']);
    expect(merged.body.conversations.map((c: { id: string }) => c.id)).toContain(mariasConversation?.id);

    const [conversation] = await api.sql`
      select client_id from conversations where tenant_id = ${tenantId} and id = ${mariasConversation?.id as string}`;
    expect(conversation?.clientId).toBe(dmitry);
    const [record] = await api.sql`
      select master_client_id, merged_client_id, merged_by, reason from client_merges where tenant_id = ${tenantId}`;
    expect(record).toEqual({
      masterClientId: dmitry,
      mergedClientId: maria,
      mergedBy: supervisor.operator.id,
      reason: 'same person, two channels',
    });
    const [audit] = await api.sql`
      select target_id, details from audit_log where tenant_id = ${tenantId} and action = 'client.merge'`;
    expect(audit).toMatchObject({ targetId: dmitry, details: { mergedClientId: maria, identities: 1 } });
    const events = api.published.slice(before).filter((e) => e.tenantId === tenantId);
    expect(events.map((e) => [e.type, e.conversationId])).toEqual([['conversation.updated', mariasConversation?.id]]);
    expect(events[0]?.payload).toMatchObject({ conversation: { clientId: dmitry } });

    expect(names(await api.call('GET', '/api/v1/clients', { token: alice.accessToken }))).toEqual([
      'Anna L.',
      'Dmitry K.',
      'Ivan P.',
    ]);
    const gone = await api.call('GET', `/api/v1/clients/${maria}`, { token: alice.accessToken });
    expect(gone.body).toMatchObject({ mergedIntoId: dmitry, identities: [], conversations: [] });
    // The conversation list now names the master.
    const list = await api.call('GET', '/api/v1/conversations?channel=whatsapp', { token: alice.accessToken });
    expect(list.body.items.map((c: { clientName: string }) => c.clientName)).toEqual(['Dmitry K.']);
  });

  it('refuses merging into itself, merging a merged client, operators, and other tenants’ clients', async () => {
    const { supervisor, alice, client } = await demo();
    const other = await demo();
    const dmitry = client('Dmitry K.');
    const merge = (token: string, master: string, mergedClientId: string) =>
      api.call('POST', `/api/v1/clients/${master}/merge`, { token, body: { mergedClientId } });

    expectErrorShape(await merge(supervisor.accessToken, dmitry, dmitry), 422, 'unprocessable');
    expectErrorShape(await merge(alice.accessToken, dmitry, client('Anna L.')), 403, 'forbidden');
    expectErrorShape(await merge(supervisor.accessToken, dmitry, other.client('Anna L.')), 404, 'not_found');
    expect((await merge(supervisor.accessToken, dmitry, client('Anna L.'))).status).toBe(200);
    expectErrorShape(await merge(supervisor.accessToken, client('Ivan P.'), client('Anna L.')), 422);
    expectErrorShape(await merge(supervisor.accessToken, client('Anna L.'), client('Ivan P.')), 422);
    const [theirs] = await api.sql`
      select merged_into_id from clients where id = ${other.client('Anna L.')} and tenant_id = ${other.tenantId}`;
    expect(theirs?.mergedIntoId).toBeNull();
  });
});
