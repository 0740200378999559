import { describe, expect, it } from 'vitest';
import { expectErrorShape, useApi } from './support/api-harness.ts';

const api = useApi();

/** The seeded demo tenant (see packages/db/src/seed/demo-tenant.ts), logged in. */
async function demo() {
  const { slug, tenantId } = await api.demoTenant();
  const [alice, bob, supervisor] = await Promise.all([
    api.login(slug, 'alice@demo.test'),
    api.login(slug, 'bob@demo.test'),
    api.login(slug, 'supervisor@demo.test'),
  ]);
  const all = await api.call(
    'GET',
    '/api/v1/conversations?view=all&status=new,open,pending,snoozed,resolved&limit=100',
    {
      token: supervisor.accessToken,
    },
  );
  const ids = new Map<string, string>(
    all.body.items.map((c: { clientName: string; id: string }) => [c.clientName, c.id]),
  );
  const conv = (clientName: string): string => {
    const id = ids.get(clientName);
    if (!id) throw new Error(`no demo conversation with ${clientName}`);
    return id;
  };
  return { slug, tenantId, alice, bob, supervisor, conv };
}

const names = (reply: { body: { items: { clientName: string }[] } }) =>
  reply.body.items.map((c) => c.clientName).sort();

describe('the conversation list', () => {
  it('shows Mine, Unassigned and All, with resolved ones only on request', async () => {
    const { alice } = await demo();
    const token = alice.accessToken;
    expect(names(await api.call('GET', '/api/v1/conversations?view=mine', { token }))).toEqual(['Dmitry K.']);
    expect(names(await api.call('GET', '/api/v1/conversations?view=unassigned', { token }))).toEqual(['Maria S.']);
    expect(names(await api.call('GET', '/api/v1/conversations?view=all', { token }))).toEqual([
      'Dmitry K.',
      'Ivan P.',
      'Maria S.',
    ]);
    expect(names(await api.call('GET', '/api/v1/conversations?status=resolved', { token }))).toEqual(['Anna L.']);
    expect(names(await api.call('GET', '/api/v1/conversations?channel=whatsapp', { token }))).toEqual(['Maria S.']);
    expect(names(await api.call('GET', '/api/v1/conversations?q=dmit', { token }))).toEqual(['Dmitry K.']);
  });

  it('pages with a cursor, newest first, without repeats or gaps', async () => {
    const { alice } = await demo();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const path: string = `/api/v1/conversations?limit=1${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await api.call('GET', path, { token: alice.accessToken });
      expect(page.body.items.length).toBeLessThanOrEqual(1);
      seen.push(...page.body.items.map((c: { id: string }) => c.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    const whole = await api.call('GET', '/api/v1/conversations?limit=100', { token: alice.accessToken });
    expect(seen).toEqual(whole.body.items.map((c: { id: string }) => c.id));
    expect(seen).toHaveLength(3);
  });

  it('hides queues an operator is not in, but not their own assignments', async () => {
    const { tenantId, slug, supervisor, conv } = await demo();
    await api.sql`
      insert into operators (tenant_id, email, name, password_hash, role)
      select tenant_id, 'dave@demo.test', 'Dave', password_hash, 'operator' from operators
       where tenant_id = ${tenantId} and email = 'alice@demo.test'`;
    const dave = await api.login(slug, 'dave@demo.test');
    expect((await api.call('GET', '/api/v1/conversations', { token: dave.accessToken })).body.items).toEqual([]);
    expectErrorShape(
      await api.call('GET', `/api/v1/conversations/${conv('Maria S.')}`, { token: dave.accessToken }),
      404,
    );

    const assign = await api.call('POST', `/api/v1/conversations/${conv('Maria S.')}/assign`, {
      token: supervisor.accessToken,
      body: { operatorId: dave.operator.id },
    });
    expect(assign.status).toBe(200);
    expect(names(await api.call('GET', '/api/v1/conversations?view=mine', { token: dave.accessToken }))).toEqual([
      'Maria S.',
    ]);
  });
});

describe('sending', () => {
  it('commits a pending message with its delivery job, publishes after commit, and is idempotent', async () => {
    const { alice, tenantId, conv } = await demo();
    const id = conv('Dmitry K.');
    const before = api.published.length;
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

    const thread = await api.call('GET', `/api/v1/conversations/${id}/messages?limit=2`, { token: alice.accessToken });
    expect(thread.body.items[0]).toMatchObject({ id: first.body.id, attachments: [] });
    expect(thread.body.nextCursor).toEqual(expect.any(String));
    const older = await api.call('GET', `/api/v1/conversations/${id}/messages?before=${thread.body.nextCursor}`, {
      token: alice.accessToken,
    });
    expect(older.body.items.map((m: { content: string }) => m.content)).toEqual([
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
    const take = await api.call('POST', `/api/v1/conversations/${maria}/assign`, {
      token: alice.accessToken,
      body: { operatorId: alice.operator.id },
    });
    expect(take.body).toMatchObject({ assignedOperatorId: alice.operator.id, status: 'open' });

    expectErrorShape(
      await api.call('POST', `/api/v1/conversations/${ivan}/assign`, {
        token: alice.accessToken,
        body: { operatorId: alice.operator.id },
      }),
      403,
      'forbidden',
    );
    const moved = await api.call('POST', `/api/v1/conversations/${ivan}/assign`, {
      token: supervisor.accessToken,
      body: { operatorId: alice.operator.id, reason: 'Bob is on leave' },
    });
    expect(moved.body.assignedOperatorId).toBe(alice.operator.id);

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
    const token = alice.accessToken;

    const unread = (await api.call('GET', `/api/v1/conversations/${id}`, { token })).body.unreadCount;
    expect(unread).toBe(2);
    expect((await api.call('POST', `/api/v1/conversations/${id}/read`, { token, body: {} })).status).toBe(204);
    expect((await api.call('GET', `/api/v1/conversations/${id}`, { token })).body.unreadCount).toBe(0);

    const note = await api.call('POST', `/api/v1/conversations/${id}/notes`, {
      token,
      body: { content: '@Bob can you check the warehouse?', mentions: [bob.operator.id] },
    });
    expect(note.status).toBe(201);
    const noteEvent = api.published.filter((e) => e.tenantId === tenantId && e.type === 'note.created').at(-1);
    expect(noteEvent?.audience.operatorIds).toContain(bob.operator.id);

    const [tag] = await api.sql`select id from tags where tenant_id = ${tenantId} and name = 'delivery'`;
    const tags = await api.call('PUT', `/api/v1/conversations/${id}/tags`, { token, body: { tagIds: [tag?.id] } });
    expect(tags.body.items).toEqual([expect.objectContaining({ name: 'delivery' })]);
    expect(names(await api.call('GET', `/api/v1/conversations?tag=${tag?.id}`, { token }))).toEqual(['Dmitry K.']);
    // List rows carry their tags, for the chips.
    const mine = await api.call('GET', '/api/v1/conversations?view=mine', { token });
    expect(mine.body.items.find((c: { id: string }) => c.id === id)?.tags).toEqual([
      { id: tag?.id, name: 'delivery', color: '#059669' },
    ]);

    const resolved = await api.call('PATCH', `/api/v1/conversations/${id}`, { token, body: { status: 'resolved' } });
    expect(resolved.body).toMatchObject({ status: 'resolved', resolvedAt: expect.any(String) });
    expectErrorShape(
      await api.call('PATCH', `/api/v1/conversations/${id}`, { token, body: { status: 'snoozed' } }),
      400,
    );
  });
});

describe('catch-up', () => {
  it('returns the events a viewer may see, and reset when the gap cannot be bridged', async () => {
    const { alice, supervisor, tenantId, conv } = await demo();
    await api.call('POST', `/api/v1/conversations/${conv('Ivan P.')}/notes`, {
      token: supervisor.accessToken,
      body: { content: 'supervisors only would see this if Alice were not in Support' },
    });
    const forSupervisor = await api.call('GET', '/api/v1/events?after=0', { token: supervisor.accessToken });
    const forAlice = await api.call('GET', '/api/v1/events?after=0', { token: alice.accessToken });
    expect(forSupervisor.body.reset).toBe(false);
    const seqs = forSupervisor.body.events.map((e: { seq: number }) => e.seq);
    expect(seqs).toEqual(seqs.map((_: number, i: number) => i + 1));
    expect(forSupervisor.body.latestSeq).toBe(seqs.length);
    expect(forSupervisor.body.events[0]).toMatchObject({ tenantId, type: 'conversation.created', seq: 1 });
    expect(forAlice.body.events.length).toBeGreaterThan(0);

    const later = await api.call('GET', `/api/v1/events?after=${forSupervisor.body.latestSeq + 5}`, {
      token: alice.accessToken,
    });
    expect(later.body).toEqual({ events: [], latestSeq: forSupervisor.body.latestSeq, reset: true });
  });
});
