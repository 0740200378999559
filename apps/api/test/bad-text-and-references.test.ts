// Input the database would refuse: a reference to a row that is not there (or
// is another workspace's), answered 422 naming the field, from the one mapping
// in db-errors.ts; text PostgreSQL cannot store (a lone surrogate, NUL),
// refused as 400 with the field's path on every route that takes a body, and
// replaced (U+FFFD) or removed in provider payloads so no message is lost.
import { randomUUID } from 'node:crypto';
import { telegramTextUpdate } from '@relay/channels/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectErrorShape, useApi } from './support/api-harness.ts';
import { listApiRoutes } from './support/routes.ts';

const api = useApi();

let token = '';
let tenantId = '';
let conversationId = '';
let messageId = '';
let otherTenantStage = '';
let otherTenantMessage = '';
beforeAll(async () => {
  const demo = await api.demoTenant();
  tenantId = demo.tenantId;
  token = (await api.login(demo.slug, 'owner@demo.test')).accessToken;
  const [message] = await api.sql<{ id: string; conversation: string }[]>`
    select id, conversation_id as conversation from messages where tenant_id = ${tenantId} limit 1`;
  conversationId = message?.conversation as string;
  messageId = message?.id as string;
  const other = await api.demoTenant();
  const [stage] = await api.sql<
    { id: string }[]
  >`select id from funnel_stages where tenant_id = ${other.tenantId} limit 1`;
  const [foreign] = await api.sql<
    { id: string }[]
  >`select id from messages where tenant_id = ${other.tenantId} limit 1`;
  otherTenantStage = stage?.id as string;
  otherTenantMessage = foreign?.id as string;
});

describe('references to rows that are not there', () => {
  it('PATCH /conversations/:id with an unknown stageId, or another workspace’s, is a 422 naming stageId', async () => {
    for (const stageId of [randomUUID(), otherTenantStage]) {
      const reply = await api.call('PATCH', `/api/v1/conversations/${conversationId}`, { token, body: { stageId } });
      expectErrorShape(reply, 422, 'unprocessable');
      expect(reply.body.error.details).toEqual([
        { path: ['stageId'], message: 'no such funnel stage', code: 'not_found' },
      ]);
      expect(JSON.stringify(reply.body)).not.toContain(stageId);
    }
    const [stage] = await api.sql<{ id: string }[]>`select id from funnel_stages where tenant_id = ${tenantId} limit 1`;
    const ok = await api.call('PATCH', `/api/v1/conversations/${conversationId}`, {
      token,
      body: { stageId: stage?.id },
    });
    expect(ok.status).toBe(200);
  });

  it('POST …/messages with an unknown replyToId, or another workspace’s, is a 422 naming replyToId', async () => {
    for (const replyToId of [randomUUID(), otherTenantMessage]) {
      const reply = await api.call('POST', `/api/v1/conversations/${conversationId}/messages`, {
        token,
        body: { content: 'hello', clientMessageId: randomUUID(), replyToId },
      });
      expectErrorShape(reply, 422, 'unprocessable');
      expect(reply.body.error.details[0]).toMatchObject({ path: ['replyToId'], message: 'no such message' });
    }
    const [count] = await api.sql<{ n: number }[]>`
      select count(*)::int as n from messages where tenant_id = ${tenantId} and content = 'hello'`;
    expect(count?.n).toBe(0);
    const ok = await api.call('POST', `/api/v1/conversations/${conversationId}/messages`, {
      token,
      body: { content: 'hello', clientMessageId: randomUUID(), replyToId: messageId },
    });
    expect(ok.status).toBeLessThan(300);
  });
});

describe('text PostgreSQL cannot store', () => {
  it('a lone surrogate in name on POST /tags is a 400 naming the field, and nothing is written', async () => {
    const reply = await api.call('POST', '/api/v1/tags', { token, body: { name: 'zz-lone\ud800' } });
    expectErrorShape(reply, 400, 'bad_request');
    expect(reply.body.error.details).toEqual([
      { path: ['name'], message: expect.stringMatching(/valid Unicode/), code: 'invalid_string' },
    ]);
    const [count] = await api.sql<{ n: number }[]>`
      select count(*)::int as n from tags where tenant_id = ${tenantId} and name like 'zz-lone%'`;
    expect(count?.n).toBe(0);
    // A well-formed pair is fine.
    expect((await api.call('POST', '/api/v1/tags', { token, body: { name: 'vip 😀' } })).status).toBe(201);
  });

  const withBody = listApiRoutes().filter((r) => ['POST', 'PATCH', 'PUT'].includes(r.method));
  const fill = (path: string) =>
    path.replace(':id', conversationId).replace(':messageId', messageId).replace(':deviceId', randomUUID());
  it.each(withBody.map((r) => [r.method, r.path] as const))(
    '%s %s: a lone surrogate anywhere in the body is a 400 with its path',
    async (method, path) => {
      const reply = await api.call(method, fill(path), {
        token,
        body: { name: 'ok', settings: { nested: ['fine', 'low \udc00 alone'] } },
      });
      expectErrorShape(reply, 400, 'bad_request');
      expect(reply.body.error.details[0].path).toEqual(['settings', 'nested', '1']);
    },
  );

  it('a lone surrogate in a key is refused too', async () => {
    const reply = await api.call('PATCH', `/api/v1/conversations/${conversationId}`, {
      token,
      body: { attributes: { 'k\ud83d': 1 } },
    });
    expectErrorShape(reply, 400, 'bad_request');
    expect(reply.body.error.details[0].path).toEqual(['attributes', 'k\ud83d']);
  });

  it('a provider’s message with lone surrogates and NUL is stored with U+FFFD in their place, not lost', async () => {
    const { slug } = await api.demoTenant();
    const owner = (await api.login(slug, 'owner@demo.test')).accessToken;
    const created = await api.call('POST', '/api/v1/channel-accounts', {
      token: owner,
      body: {
        channel: 'telegram',
        name: 'tg',
        externalAccountId: `surrogate-${slug}`,
        credentials: { botToken: '123456789:AAH-test-token-for-relay-0000000000' },
      },
    });
    expect(created.status).toBe(201);
    const update = telegramTextUpdate({ chatId: 77, messageId: 1, text: 'broken \ud83d emoji\u0000 and \udc00' });
    const reply = await api.call('POST', new URL(created.body.webhookUrl).pathname, {
      raw: JSON.stringify(update),
      headers: { 'x-telegram-bot-api-secret-token': created.body.secret },
    });
    expect(reply.body).toMatchObject({ stored: 1 });
    const rows = await api.sql<{ content: string }[]>`
      select m.content from messages m join channel_accounts a on a.id = m.channel_account_id
      where a.id = ${created.body.id} and m.external_message_id = '77:1'`;
    expect(rows).toEqual([{ content: 'broken \ufffd emoji and \ufffd' }]);
  });
});

describe('attribute keys the driver’s camelCase pass used to trip on', () => {
  // A key ending in "_" made postgres.js's toCamel throw while reading the row back (a 500 the
  // OpenAPI fuzz found), and an empty key came back as "undefined" (patches/postgres+3.4.9.patch).
  it('PATCH /conversations/:id with keys "a_", " _" and "" answers 200 and reads them back', async () => {
    const attributes = { a_: 1, ' _': { b_: 'x' }, '': 2 };
    const reply = await api.call('PATCH', `/api/v1/conversations/${conversationId}`, { token, body: { attributes } });
    expect(reply.status).toBe(200);
    expect(reply.body.attributes).toMatchObject(attributes);
    const read = await api.call('GET', `/api/v1/conversations/${conversationId}`, { token });
    expect(read.status).toBe(200);
    expect(read.body.attributes).toMatchObject(attributes);
    expect(read.body.attributes).not.toHaveProperty('undefined');
  });
});
