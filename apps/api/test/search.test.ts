import { describe, expect, it } from 'vitest';
import { expectErrorShape, useApi } from './support/api-harness.ts';

const api = useApi();

const contents = (reply: { body: { messages: { content: string }[] } }) =>
  reply.body.messages.map((m) => m.content).sort();

describe('search', () => {
  it('finds messages by a word, whatever its case, with their conversation', async () => {
    const { slug, tenantId } = await api.demoTenant();
    const alice = await api.login(slug, 'alice@demo.test');
    const reply = await api.call('GET', '/api/v1/search?q=TRACKING', { token: alice.accessToken });
    expect(reply.status).toBe(200);
    expect(reply.body.messages).toEqual([
      {
        id: expect.any(String),
        conversationId: expect.any(String),
        content: 'Hello Dmitry, let me check the tracking for you.',
        createdAt: expect.any(String),
      },
    ]);
    const [conversation] = await api.sql`
      select cl.name from conversations c join clients cl on cl.tenant_id = c.tenant_id and cl.id = c.client_id
       where c.tenant_id = ${tenantId} and c.id = ${reply.body.messages[0].conversationId}`;
    expect(conversation?.name).toBe('Dmitry K.');
    // Every word must be there; "order" alone is in one message, "order weekend" in none.
    expect(contents(await api.call('GET', '/api/v1/search?q=order', { token: alice.accessToken }))).toEqual([
      'Hi! My order #1042 has not arrived yet.',
    ]);
    expect((await api.call('GET', '/api/v1/search?q=order%20weekend', { token: alice.accessToken })).body).toEqual({
      messages: [],
      clients: [],
    });
  });

  it('finds clients by name, email or phone words', async () => {
    const { slug, tenantId } = await api.demoTenant();
    const alice = await api.login(slug, 'alice@demo.test');
    await api.sql`update clients set email = 'ivan@example.com' where tenant_id = ${tenantId} and name = 'Ivan P.'`;
    const byName = await api.call('GET', '/api/v1/search?q=maria', { token: alice.accessToken });
    expect(byName.body.clients).toEqual([{ id: expect.any(String), name: 'Maria S.', phone: null, email: null }]);
    const byEmail = await api.call('GET', '/api/v1/search?q=ivan%40example.com', { token: alice.accessToken });
    expect(byEmail.body.clients.map((c: { name: string }) => c.name)).toEqual(['Ivan P.']);
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
    const q = '/api/v1/search?q=weekends';
    expect(contents(await api.call('GET', q, { token: supervisor.accessToken }))).toEqual([
      'Do you deliver to Kazan on weekends?',
    ]);
    expect((await api.call('GET', q, { token: dave.accessToken })).body.messages).toEqual([]);
  });

  it('needs a q, and answers 400 without one', async () => {
    const { slug } = await api.demoTenant();
    const alice = await api.login(slug, 'alice@demo.test');
    const reply = await api.call('GET', '/api/v1/search', { token: alice.accessToken });
    expectErrorShape(reply, 400, 'bad_request');
    expect(reply.body.error.details[0].path).toEqual(['q']);
    expect((await api.call('GET', '/api/v1/search?q=%21%21%21', { token: alice.accessToken })).status).toBe(200);
  });
});
