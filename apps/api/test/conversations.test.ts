// The inbox through the typed client: every answer is parsed with its route's contract
// (apiRoutes.conversations, apiRoutes.events). Sending stays a raw call: its repeat answers 200
// where a first send answers 201, which a contract's one success status cannot say yet.
import { apiRoutes, type ConversationItem } from '@relay/contracts';
import { describe, expect, it } from 'vitest';
import { expectErrorShape, refused, useApi } from './support/api-harness.ts';

const api = useApi();
const {
  listConversations,
  getConversation,
  updateConversation,
  markConversationRead,
  assignConversation,
  listMessages,
  createNote,
  replaceConversationTags,
} = apiRoutes.conversations;
const { listEvents } = apiRoutes.events;

/** The seeded demo tenant (see packages/db/src/seed/demo-tenant.ts), logged in. */
async function demo() {
  const { slug, tenantId } = await api.demoTenant();
  const [alice, bob, supervisor] = await Promise.all([
    api.login(slug, 'alice@demo.test'),
    api.login(slug, 'bob@demo.test'),
    api.login(slug, 'supervisor@demo.test'),
  ]);
  const all = await api.client(supervisor.accessToken).call(listConversations, {
    query: { view: 'all', status: 'new,open,pending,snoozed,resolved', limit: 100 },
  });
  const ids = new Map(all.items.map((c) => [c.clientName, c.id]));
  const conv = (clientName: string): string => {
    const id = ids.get(clientName);
    if (!id) throw new Error(`no demo conversation with ${clientName}`);
    return id;
  };
  return { slug, tenantId, alice, bob, supervisor, conv };
}

const names = (page: { items: ConversationItem[] }) => page.items.map((c) => c.clientName).sort();

describe('the conversation list', () => {
  it('shows Mine, Unassigned and All, with resolved ones only on request', async () => {
    const { alice } = await demo();
    const list = (query: { view?: 'mine' | 'unassigned' | 'all'; status?: string; channel?: 'whatsapp'; q?: string }) =>
      api.client(alice.accessToken).call(listConversations, { query });
    expect(names(await list({ view: 'mine' }))).toEqual(['Dmitry K.']);
    expect(names(await list({ view: 'unassigned' }))).toEqual(['Maria S.']);
    expect(names(await list({ view: 'all' }))).toEqual(['Dmitry K.', 'Ivan P.', 'Maria S.']);
    expect(names(await list({ status: 'resolved' }))).toEqual(['Anna L.']);
    expect(names(await list({ channel: 'whatsapp' }))).toEqual(['Maria S.']);
    expect(names(await list({ q: 'dmit' }))).toEqual(['Dmitry K.']);
  });

  it('pages with a cursor, newest first, without repeats or gaps', async () => {
    const { alice } = await demo();
    const as = api.client(alice.accessToken);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: ConversationItem[]; nextCursor: string | null } = await as.call(listConversations, {
        query: { limit: 1, ...(cursor ? { cursor } : {}) },
      });
      expect(page.items.length).toBeLessThanOrEqual(1);
      seen.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor;
    } while (cursor);
    const whole = await as.call(listConversations, { query: { limit: 100 } });
    expect(seen).toEqual(whole.items.map((c) => c.id));
    expect(seen).toHaveLength(3);
  });

  it('hides queues an operator is not in, but not their own assignments', async () => {
    const { tenantId, slug, supervisor, conv } = await demo();
    await api.sql`
      insert into operators (tenant_id, email, name, password_hash, role)
      select tenant_id, 'dave@demo.test', 'Dave', password_hash, 'operator' from operators
       where tenant_id = ${tenantId} and email = 'alice@demo.test'`;
    const dave = await api.login(slug, 'dave@demo.test');
    const asDave = api.client(dave.accessToken);
    expect((await asDave.call(listConversations)).items).toEqual([]);
    await refused(asDave.call(getConversation, { params: { id: conv('Maria S.') } }), 404);

    const assign = await api.client(supervisor.accessToken).call(assignConversation, {
      params: { id: conv('Maria S.') },
      body: { operatorId: dave.operator.id },
    });
    expect(assign.assignedOperatorId).toBe(dave.operator.id);
    expect(names(await asDave.call(listConversations, { query: { view: 'mine' } }))).toEqual(['Maria S.']);
  });
});

describe('sending', () => {
  it('commits a pending message with its delivery job, publishes after commit, and is idempotent', async () => {
    const { alice, tenantId, conv } = await demo();
    const id = conv('Dmitry K.');
    const before = api.published.length;
    // Raw calls: the repeat's 200 is what this test checks (see the top of the file).
    const send = (content: string) =>
      api.call('POST', `/api/v1/conversations/${id}/messages`, {
        token: alice.accessToken,
        body: { content, clientMessageId: 'composer-0001' },
      });
    const first = await send('On its way, tracking RR123!');
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'pending', direction: 'outbound', clientMessageId: 'composer-0001' });
    const again = await send('On its way, tracking RR123!');
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    expectErrorShape(await send('something else'), 409, 'conflict');

    const [counts] = await api.sql`
      select (select count(*)::int from messages where tenant_id = ${tenantId} and client_message_id = 'composer-0001') as messages,
             (select count(*)::int from jobs where tenant_id = ${tenantId} and kind = 'deliver_message'
                and payload->>'messageId' = ${first.body.id}) as jobs`;
    expect(counts).toEqual({ messages: 1, jobs: 1 });
    const events = api.published.slice(before).filter((e) => e.tenantId === tenantId);
    expect(events.map((e) => e.type)).toEqual(['message.created', 'conversation.updated']);
    expect(events[0]?.payload).toMatchObject({ conversationId: id, message: { id: first.body.id } });

    const as = api.client(alice.accessToken);
    const thread = await as.call(listMessages, { params: { id }, query: { limit: 2 } });
    expect(thread.items[0]).toMatchObject({ id: first.body.id, attachments: [] });
    expect(thread.nextCursor).toEqual(expect.any(String));
    const older = await as.call(listMessages, { params: { id }, query: { before: thread.nextCursor ?? '' } });
    expect(older.items.map((m) => m.content)).toEqual([
      'Hello Dmitry, let me check the tracking for you.',
      'Hi! My order #1042 has not arrived yet.',
    ]);
  });
});

describe('assignment', () => {
  it('lets operators take free conversations and supervisors reassign, recording history', async () => {
    const { alice, supervisor, tenantId, conv } = await demo();
    const maria = conv('Maria S.');
    const ivan = conv('Ivan P.');
    const asAlice = api.client(alice.accessToken);
    const take = await asAlice.call(assignConversation, {
      params: { id: maria },
      body: { operatorId: alice.operator.id },
    });
    expect(take).toMatchObject({ assignedOperatorId: alice.operator.id, status: 'open' });

    await refused(
      asAlice.call(assignConversation, { params: { id: ivan }, body: { operatorId: alice.operator.id } }),
      403,
      'forbidden',
    );
    const moved = await api.client(supervisor.accessToken).call(assignConversation, {
      params: { id: ivan },
      body: { operatorId: alice.operator.id, reason: 'Bob is on leave' },
    });
    expect(moved.assignedOperatorId).toBe(alice.operator.id);

    const history = await api.sql`
      select kind, reason from assignments where tenant_id = ${tenantId} and conversation_id = ${ivan} order by at`;
    expect(history.at(-1)).toEqual({ kind: 'transfer', reason: 'Bob is on leave' });
    const event = api.published.filter((e) => e.tenantId === tenantId && e.type === 'conversation.assigned').at(-1);
    expect(event?.audience.operatorIds).toEqual(expect.arrayContaining([alice.operator.id]));
  });
});

describe('working a conversation', () => {
  it('resolves, notes with mentions, tags, and clears unread on read', async () => {
    const { alice, bob, tenantId, conv } = await demo();
    const id = conv('Dmitry K.');
    const params = { id };
    const as = api.client(alice.accessToken);

    expect((await as.call(getConversation, { params })).unreadCount).toBe(2);
    expect(await as.call(markConversationRead, { params, body: {} })).toBeUndefined();
    expect((await as.call(getConversation, { params })).unreadCount).toBe(0);

    const note = await as.call(createNote, {
      params,
      body: { content: '@Bob can you check the warehouse?', mentions: [bob.operator.id] },
    });
    expect(note).toMatchObject({ conversationId: id, mentions: [bob.operator.id], isPinned: false });
    const noteEvent = api.published.filter((e) => e.tenantId === tenantId && e.type === 'note.created').at(-1);
    expect(noteEvent?.audience.operatorIds).toContain(bob.operator.id);

    const [tag] = await api.sql<
      { id: string }[]
    >`select id from tags where tenant_id = ${tenantId} and name = 'delivery'`;
    const tagId = tag?.id as string;
    const tags = await as.call(replaceConversationTags, { params, body: { tagIds: [tagId] } });
    expect(tags.items).toEqual([expect.objectContaining({ name: 'delivery' })]);
    expect(names(await as.call(listConversations, { query: { tag: tagId } }))).toEqual(['Dmitry K.']);
    // List rows carry their tags, for the chips.
    const mine = await as.call(listConversations, { query: { view: 'mine' } });
    expect(mine.items.find((c) => c.id === id)?.tags).toEqual([{ id: tagId, name: 'delivery', color: '#059669' }]);

    const resolved = await as.call(updateConversation, { params, body: { status: 'resolved' } });
    expect(resolved).toMatchObject({ status: 'resolved', resolvedAt: expect.any(String) });
    // A malformed change (snoozing without snoozedUntil), sent raw past the client's types.
    expectErrorShape(
      await api.call('PATCH', `/api/v1/conversations/${id}`, { token: alice.accessToken, body: { status: 'snoozed' } }),
      400,
    );
  });
});

describe('catch-up', () => {
  it('returns the events a viewer may see, and reset when the gap cannot be bridged', async () => {
    const { alice, supervisor, tenantId, conv } = await demo();
    const asSupervisor = api.client(supervisor.accessToken);
    const asAlice = api.client(alice.accessToken);
    await asSupervisor.call(createNote, {
      params: { id: conv('Ivan P.') },
      body: { content: 'supervisors only would see this if Alice were not in Support' },
    });
    const forSupervisor = await asSupervisor.call(listEvents, { query: { after: 0 } });
    const forAlice = await asAlice.call(listEvents, { query: { after: 0 } });
    expect(forSupervisor.reset).toBe(false);
    const seqs = forSupervisor.events.map((e) => e.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    expect(forSupervisor.latestSeq).toBe(seqs.length);
    expect(forSupervisor.events[0]).toMatchObject({ tenantId, type: 'conversation.created', seq: 1 });
    expect(forAlice.events.length).toBeGreaterThan(0);

    const later = await asAlice.call(listEvents, { query: { after: forSupervisor.latestSeq + 5 } });
    expect(later).toEqual({ events: [], latestSeq: forSupervisor.latestSeq, reset: true });
  });
});
