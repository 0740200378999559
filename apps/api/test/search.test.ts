// Search through the typed client: every answer is parsed with apiRoutes.search.search's contract.
import { apiRoutes } from '@relay/contracts';
import { describe, expect, it } from 'vitest';
import { refused, useApi } from './support/api-harness.ts';

const api = useApi();
const { search } = apiRoutes.search;

const contents = (found: { messages: { content: string | null }[] }) => found.messages.map((m) => m.content).sort();

describe('search', () => {
  it('finds messages by a word, whatever its case, with their conversation', async () => {
    const { slug, tenantId } = await api.demoTenant();
    const alice = await api.login(slug, 'alice@demo.test');
    const as = api.client(alice.accessToken);
    const found = await as.call(search, { query: { q: 'TRACKING' } });
    expect(found.messages).toEqual([
      {
        id: expect.any(String),
        conversationId: expect.any(String),
        content: 'Hello Dmitry, let me check the tracking for you.',
        createdAt: expect.any(String),
      },
    ]);
    const [conversation] = await api.sql`
      select cl.name from conversations c join clients cl on cl.tenant_id = c.tenant_id and cl.id = c.client_id
       where c.tenant_id = ${tenantId} and c.id = ${found.messages[0]?.conversationId as string}`;
    expect(conversation?.name).toBe('Dmitry K.');
    // Every word must be there; "order" alone is in one message, "order weekend" in none.
    expect(contents(await as.call(search, { query: { q: 'order' } }))).toEqual([
      'Hi! My order #1042 has not arrived yet.',
    ]);
    expect(await as.call(search, { query: { q: 'order weekend' } })).toEqual({ messages: [], clients: [] });
  });

  it('finds clients by name, email or phone words', async () => {
    const { slug, tenantId } = await api.demoTenant();
    const alice = await api.login(slug, 'alice@demo.test');
    const as = api.client(alice.accessToken);
    await api.sql`update clients set email = 'ivan@example.com' where tenant_id = ${tenantId} and name = 'Ivan P.'`;
    const byName = await as.call(search, { query: { q: 'maria' } });
    expect(byName.clients).toEqual([{ id: expect.any(String), name: 'Maria S.', phone: null, email: null }]);
    const byEmail = await as.call(search, { query: { q: 'ivan@example.com' } });
    expect(byEmail.clients.map((c) => c.name)).toEqual(['Ivan P.']);
  });

  it('shows an operator only messages of conversations they may see', async () => {
    const { slug } = await api.demoTenant();
    const owner = await api.login(slug, 'owner@demo.test');
    await api.call('POST', '/api/v1/operators', {
      token: owner.accessToken,
      body: { email: 'dave@demo.test', name: 'Dave', password: 'dave-pass-1' },
    });
    const dave = await api.login(slug, 'dave@demo.test', 'dave-pass-1');
    const supervisor = await api.login(slug, 'supervisor@demo.test');
    const query = { q: 'weekends' };
    expect(contents(await api.client(supervisor.accessToken).call(search, { query }))).toEqual([
      'Do you deliver to Kazan on weekends?',
    ]);
    expect((await api.client(dave.accessToken).call(search, { query })).messages).toEqual([]);
  });

  it('needs a q, and answers 400 without one', async () => {
    const { slug } = await api.demoTenant();
    const alice = await api.login(slug, 'alice@demo.test');
    // No q at all: a malformed request, sent raw past the client's types.
    const reply = await refused(
      api.client(alice.accessToken).call(search, { query: {} as { q: string } }),
      400,
      'bad_request',
    );
    expect(reply.error.details).toMatchObject([{ path: ['q'] }]);
    expect(await api.client(alice.accessToken).call(search, { query: { q: '!!!' } })).toEqual({
      messages: [],
      clients: [],
    });
  });
});
