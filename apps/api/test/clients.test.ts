// Clients through the typed client: every answer is parsed with its route's contract
// (apiRoutes.clients), so a drifting answer fails here too.
import { apiRoutes, type PatchClientBody, type RequestInput } from '@relay/contracts';
import { describe, expect, it } from 'vitest';
import { refused, useApi } from './support/api-harness.ts';

const api = useApi();
const { listClients, getClient, updateClient, mergeClient } = apiRoutes.clients;

const list = (token: string, query: RequestInput<typeof listClients>['query'] = {}) =>
  api.client(token).call(listClients, { query });
const read = (token: string, id: string) => api.client(token).call(getClient, { params: { id } });
// The body as sent: a phone is typed as people type it, normalised by the API.
const update = (token: string, id: string, body: PatchClientBody) =>
  api.client(token).call(updateClient, { params: { id }, body });

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

const names = (page: { items: { name: string | null }[] }) => page.items.map((c) => c.name).sort();

describe('the client list', () => {
  it('lists and searches by word or by any part of name, phone and email', async () => {
    const { alice, client } = await demo();
    const token = alice.accessToken;
    expect(names(await list(token))).toEqual(['Anna L.', 'Dmitry K.', 'Ivan P.', 'Maria S.']);
    await update(token, client('Ivan P.'), { email: 'ivan.petrov@example.com', phone: '+7 (916) 555-01-02' });
    expect(names(await list(token, { q: 'dmit' }))).toEqual(['Dmitry K.']);
    expect(names(await list(token, { q: 'maria' }))).toEqual(['Maria S.']);
    expect(names(await list(token, { q: 'petrov@example' }))).toEqual(['Ivan P.']);
    expect(names(await list(token, { q: '5550102' }))).toEqual(['Ivan P.']);
    expect(names(await list(token, { q: '%' }))).toEqual([]);
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
      const page = await list(alice.accessToken, { limit: 1, ...(cursor ? { cursor } : {}) });
      expect(page.items.length).toBeLessThanOrEqual(1);
      seen.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor;
    } while (cursor);
    const whole = await list(alice.accessToken, { limit: 100 });
    expect(seen).toEqual(whole.items.map((c) => c.id));
    expect(new Set(seen).size).toBe(4);
    await refused(list(alice.accessToken, { cursor: 'nope' }), 400);
  });
});

describe('one client', () => {
  it('shows identities and the conversations the caller may see', async () => {
    const { slug, owner, alice, client } = await demo();
    const detail = await read(alice.accessToken, client('Dmitry K.'));
    expect(detail).toMatchObject({ name: 'Dmitry K.', mergedIntoId: null });
    expect(detail.identities).toEqual([
      expect.objectContaining({ channel: 'telegram', externalId: '5000000001', displayName: 'Dmitry K.' }),
    ]);
    expect(detail.conversations).toEqual([expect.objectContaining({ channel: 'telegram', status: 'open' })]);

    // Dave is in no queue: he may see the client, not their conversations.
    await api.call('POST', '/api/v1/operators', {
      token: owner.accessToken,
      body: { email: 'dave@demo.test', name: 'Dave', password: 'dave-pass-1' },
    });
    const dave = await api.login(slug, 'dave@demo.test', 'dave-pass-1');
    const forDave = await read(dave.accessToken, client('Dmitry K.'));
    expect(forDave.identities).toHaveLength(1);
    expect(forDave.conversations).toEqual([]);
    await refused(read(dave.accessToken, crypto.randomUUID()), 404);
  });

  it('edits fields, merges attributes, normalises phones and keeps a phone to one client', async () => {
    const { tenantId, alice, client } = await demo();
    const token = alice.accessToken;
    const maria = client('Maria S.');
    await update(token, maria, { attributes: { city: 'Kazan', tier: 'gold' } });
    const edited = await update(token, maria, {
      name: 'Maria Sokolova',
      phone: '+7 916 123-45-67',
      attributes: { tier: 'platinum' },
    });
    expect(edited).toMatchObject({
      name: 'Maria Sokolova',
      phone: '+79161234567',
      attributes: { city: 'Kazan', tier: 'platinum' },
    });
    const taken = await refused(update(token, client('Dmitry K.'), { phone: '+7(916)1234567' }), 409, 'conflict');
    expect(taken.error.details).toMatchObject([{ path: ['phone'] }]);
    const cleared = await update(token, maria, { phone: null });
    expect(cleared.phone).toBeNull();
    await refused(update(token, maria, { phone: 'call me' }), 400);
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
    await update(alice.accessToken, maria, { phone: '+79161234567', email: 'maria@example.com' });
    const [mariasConversation] = await api.sql<{ id: string }[]>`
      select id from conversations where tenant_id = ${tenantId} and client_id = ${maria}`;
    const before = api.published.length;

    const merged = await api.client(supervisor.accessToken).call(mergeClient, {
      params: { id: dmitry },
      body: { mergedClientId: maria, reason: 'same person, two channels' },
    });
    expect(merged).toMatchObject({ id: dmitry, name: 'Dmitry K.', phone: '+79161234567' });
    expect(merged.identities.map((i) => i.channel).sort()).toEqual(['telegram', 'whatsapp']);
    expect(merged.conversations.map((c) => c.id)).toContain(mariasConversation?.id);

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

    expect(names(await list(alice.accessToken))).toEqual(['Anna L.', 'Dmitry K.', 'Ivan P.']);
    const gone = await read(alice.accessToken, maria);
    expect(gone).toMatchObject({ mergedIntoId: dmitry, identities: [], conversations: [] });
    // The conversation list now names the master.
    const conversations = await api.call('GET', '/api/v1/conversations?channel=whatsapp', {
      token: alice.accessToken,
    });
    expect(conversations.body.items.map((c: { clientName: string }) => c.clientName)).toEqual(['Dmitry K.']);
  });

  it('refuses merging into itself, merging a merged client, operators, and other tenants’ clients', async () => {
    const { supervisor, alice, client } = await demo();
    const other = await demo();
    const dmitry = client('Dmitry K.');
    const merge = (token: string, master: string, mergedClientId: string) =>
      api.client(token).call(mergeClient, { params: { id: master }, body: { mergedClientId } });

    await refused(merge(supervisor.accessToken, dmitry, dmitry), 422, 'unprocessable');
    await refused(merge(alice.accessToken, dmitry, client('Anna L.')), 403, 'forbidden');
    await refused(merge(supervisor.accessToken, dmitry, other.client('Anna L.')), 404, 'not_found');
    expect(await merge(supervisor.accessToken, dmitry, client('Anna L.'))).toMatchObject({ id: dmitry });
    await refused(merge(supervisor.accessToken, client('Ivan P.'), client('Anna L.')), 422);
    await refused(merge(supervisor.accessToken, client('Anna L.'), client('Ivan P.')), 422);
    const [theirs] = await api.sql`
      select merged_into_id from clients where id = ${other.client('Anna L.')} and tenant_id = ${other.tenantId}`;
    expect(theirs?.mergedIntoId).toBeNull();
  });
});
