import { createHmac } from 'node:crypto';
import {
  apiChannelTextWebhook,
  telegramPhotoUpdate,
  telegramTextUpdate,
  whatsAppStatusWebhook,
  whatsAppTextWebhook,
} from '@relay/channels/testing';
import { apiRoutes, type ChannelKind, type CreateChannelAccountBody } from '@relay/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Api, expectErrorShape, refused, useApi } from './support/api-harness.ts';

const api = useApi();
const { createChannelAccount, getChannelAccount } = apiRoutes.channelAccounts;
const BOT_TOKEN = '123456789:AAH-test-token-for-relay-0000000000';

type Account = {
  id: string;
  webhookUrl: string;
  secret: string;
  verifyToken?: string;
  tenantId: string;
  owner: string;
};

/** A new workspace's channel account, created through the typed client (apiRoutes.channelAccounts). */
async function account(
  a: Api,
  channel: ChannelKind,
  credentials: Record<string, unknown>,
  extra: Partial<CreateChannelAccountBody> = {},
): Promise<Account> {
  const { slug, tenantId } = await a.demoTenant();
  const owner = (await a.login(slug, 'owner@demo.test')).accessToken;
  const created = await a.client(owner).call(createChannelAccount, {
    body: { channel, name: `Test ${channel}`, externalAccountId: `ext-${channel}-${slug}`, credentials, ...extra },
  });
  const { webhookUrl } = created;
  if (webhookUrl === undefined) throw new Error('the creation answer has no webhook URL');
  return { ...created, webhookUrl, tenantId, owner };
}

const pathOf = (webhookUrl: string) => new URL(webhookUrl).pathname;

function postTelegram(acc: Account, update: unknown, secret = acc.secret) {
  return api.call('POST', pathOf(acc.webhookUrl), {
    raw: JSON.stringify(update),
    headers: { 'x-telegram-bot-api-secret-token': secret },
  });
}

function signed(secret: string, body: string) {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

async function messagesOf(tenantId: string, externalId: string) {
  return api.sql<{ content: string; direction: string }[]>`
    select content, direction from messages where tenant_id = ${tenantId} and external_message_id = ${externalId}`;
}

describe('channel accounts', () => {
  it('show the webhook URL, and the secret only in the creation response, never the credentials', async () => {
    const acc = await account(api, 'telegram', { botToken: BOT_TOKEN });
    expect(acc.webhookUrl).toMatch(/^http:\/\/localhost:\d+\/webhooks\/telegram\/[\w-]{24,}$/);
    expect(acc.secret).toEqual(expect.any(String));
    const listed = await api.client(acc.owner).call(getChannelAccount, { params: { id: acc.id } });
    const [support] = await api.sql`select id from queues where tenant_id = ${acc.tenantId} and is_default`;
    expect(listed.queueId).toBe(support?.id);
    expect(listed.webhookUrl).toBe(acc.webhookUrl);
    expect(JSON.stringify(listed)).not.toContain(acc.secret);
    expect(JSON.stringify(listed)).not.toContain(BOT_TOKEN);
    const [stored] = await api.sql`select credentials, secret from channel_accounts where id = ${acc.id}`;
    expect(stored?.credentials).not.toContain(BOT_TOKEN);
    expect(stored?.secret).not.toContain(acc.secret);
  });

  it('refuses bad credentials with the field named, and operators', async () => {
    const { slug } = await api.demoTenant();
    const owner = (await api.login(slug, 'owner@demo.test')).accessToken;
    const bad = await refused(
      api.client(owner).call(createChannelAccount, {
        body: { channel: 'telegram', name: 'x', externalAccountId: 'x', credentials: { botToken: 'nope' } },
      }),
      400,
      'bad_request',
    );
    expect(bad.error.details).toMatchObject([{ path: ['credentials', 'botToken'] }]);
    const operator = (await api.login(slug, 'alice@demo.test')).accessToken;
    await refused(
      api.client(operator).call(createChannelAccount, { body: { channel: 'api', name: 'x', externalAccountId: 'x' } }),
      403,
      'forbidden',
    );
  });
});

describe('Telegram webhooks', () => {
  it('stores a text message, its client and conversation, visible through the API', async () => {
    const acc = await account(api, 'telegram', { botToken: BOT_TOKEN });
    const update = telegramTextUpdate({
      chatId: 4242,
      messageId: 1,
      text: 'Where is my order?',
      from: { first_name: 'Olga', username: 'olga' },
    });
    const reply = await postTelegram(acc, update);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ ok: true, stored: 1, duplicates: 0 });

    const list = await api.call('GET', '/api/v1/conversations?view=unassigned', { token: acc.owner });
    const conversation = list.body.items.find(
      (c: { channel: string; clientName: string }) => c.channel === 'telegram' && c.clientName === 'Olga',
    );
    // Two messages: hers, and the away auto reply (nobody is online in a test).
    expect(conversation).toMatchObject({ status: 'new', messageCount: 2, unreadCount: 1 });
    const thread = await api.call('GET', `/api/v1/conversations/${conversation.id}/messages`, { token: acc.owner });
    expect(thread.body.items.find((m: { direction: string }) => m.direction === 'inbound')).toMatchObject({
      content: 'Where is my order?',
      externalMessageId: '4242:1',
      actorType: 'client',
    });
  });

  it('makes one message of the same update delivered five times at once', async () => {
    const acc = await account(api, 'telegram', { botToken: BOT_TOKEN });
    const update = telegramTextUpdate({ chatId: 777, messageId: 9, text: 'hello?' });
    const replies = await Promise.all(Array.from({ length: 5 }, () => postTelegram(acc, update)));
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(replies.reduce((n, r) => n + r.body.stored, 0)).toBe(1);
    expect(await messagesOf(acc.tenantId, '777:9')).toHaveLength(1);
    const [clients] = await api.sql`
      select count(*)::int as n from client_identities where tenant_id = ${acc.tenantId} and external_id = '777'`;
    expect(clients?.n).toBe(1);
  });

  it('answers 200 to bursts of first contacts and repeats arriving together (no lock cycles)', async () => {
    // Foreign-key checks take KEY SHARE locks on the tenant, client and
    // conversation rows; a FOR UPDATE on any of them from a concurrent ingest
    // forms a cycle that PostgreSQL breaks by aborting one side (a 500).
    const acc = await account(api, 'telegram', { botToken: BOT_TOKEN });
    for (let round = 0; round < 3; round++) {
      const updates = Array.from({ length: 12 }, (_, i) =>
        telegramTextUpdate({ chatId: 20_000 + round * 100 + (i % 6), messageId: 1, text: `burst ${round}/${i % 6}` }),
      );
      const replies = await Promise.all(updates.map((update) => postTelegram(acc, update)));
      expect(replies.map((r) => r.status)).toEqual(replies.map(() => 200));
      expect(replies.reduce((n, r) => n + r.body.stored, 0)).toBe(6);
    }
  });

  it('refuses a wrong secret, an unknown token and a bad payload, writing nothing', async () => {
    const acc = await account(api, 'telegram', { botToken: BOT_TOKEN });
    const update = telegramTextUpdate({ chatId: 31, messageId: 1, text: 'sneaky' });
    expectErrorShape(await postTelegram(acc, update, 'wrong-secret'), 401, 'invalid_signature');
    expectErrorShape(await postTelegram(acc, update, ''), 401, 'invalid_signature');
    expectErrorShape(
      await api.call('POST', '/webhooks/telegram/not-a-real-token-0123456789', { raw: JSON.stringify(update) }),
      404,
      'not_found',
    );
    expectErrorShape(
      await api.call('POST', pathOf(acc.webhookUrl).replace('/telegram/', '/whatsapp/'), {
        raw: JSON.stringify(update),
      }),
      404,
    );
    const malformed = await api.call('POST', pathOf(acc.webhookUrl), {
      raw: '{"update_id": 1, "message": ',
      headers: { 'x-telegram-bot-api-secret-token': acc.secret },
    });
    expectErrorShape(malformed, 400, 'bad_request');
    const wrongShape = await postTelegram(acc, { update_id: 'one', message: { text: 5 } });
    expectErrorShape(wrongShape, 400, 'bad_request');
    expect(wrongShape.body.error.details).toEqual(expect.any(Array));
    expect(await messagesOf(acc.tenantId, '31:1')).toHaveLength(0);
  });

  it('refuses webhooks of a suspended workspace or an inactive account, and stamps the last webhook time', async () => {
    const acc = await account(api, 'telegram', { botToken: BOT_TOKEN });
    const lastWebhookAt = async () =>
      (
        await api.sql<{ at: Date | null }[]>`
          select last_webhook_at as at from channel_accounts where tenant_id = ${acc.tenantId} and id = ${acc.id}`
      )[0]?.at;
    expect(await lastWebhookAt()).toBeNull();
    const send = (messageId: number) =>
      postTelegram(acc, telegramTextUpdate({ chatId: 77, messageId, text: `m${messageId}` }));
    expect((await send(1)).status).toBe(200);
    const stamped = await lastWebhookAt();
    expect(stamped).toBeInstanceOf(Date);
    // A busy account's row is not rewritten by every webhook: within the interval the stamp stays.
    expect((await send(2)).status).toBe(200);
    expect(await lastWebhookAt()).toEqual(stamped);
    await api.sql`update channel_accounts set last_webhook_at = now() - interval '1 minute'
                   where tenant_id = ${acc.tenantId} and id = ${acc.id}`;
    expect((await send(3)).status).toBe(200);
    // Once the stamp is older than the interval, the next webhook renews it.
    expect(Date.now() - ((await lastWebhookAt()) as Date).getTime()).toBeLessThan(30_000);

    await api.sql`update tenants set suspended = true where id = ${acc.tenantId}`;
    expectErrorShape(await send(4), 403, 'tenant_suspended');
    await api.sql`update tenants set suspended = false where id = ${acc.tenantId}`;
    await api.sql`update channel_accounts set is_active = false where tenant_id = ${acc.tenantId} and id = ${acc.id}`;
    expectErrorShape(await send(5), 404, 'not_found');
    expect((await messagesOf(acc.tenantId, '77:4')).length + (await messagesOf(acc.tenantId, '77:5')).length).toBe(0);
    expect(await messagesOf(acc.tenantId, '77:3')).toHaveLength(1);
  });

  it('stores photos as attachments and applies edits', async () => {
    const acc = await account(api, 'telegram', { botToken: BOT_TOKEN });
    await postTelegram(
      acc,
      telegramPhotoUpdate({ chatId: 55, messageId: 3, fileId: 'AgACphoto', caption: 'the damage' }),
    );
    const [photo] = await api.sql<{ type: string; platformUrl: string; width: number }[]>`
      select a.type, a.platform_url, a.width from message_attachments a join messages m on m.id = a.message_id
       where m.tenant_id = ${acc.tenantId} and m.external_message_id = '55:3'`;
    expect(photo).toMatchObject({ type: 'image', platformUrl: 'AgACphoto' });

    await postTelegram(acc, telegramTextUpdate({ chatId: 55, messageId: 4, text: 'teh box' }));
    const edit = telegramTextUpdate({ chatId: 55, messageId: 4, text: 'the box' });
    const edited = { update_id: 99, edited_message: { ...edit.message, edit_date: Math.floor(Date.now() / 1000) } };
    expect((await postTelegram(acc, edited)).body).toMatchObject({ edits: 1 });
    expect(await messagesOf(acc.tenantId, '55:4')).toEqual([{ content: 'the box', direction: 'inbound' }]);
  });

  it('reopens a resolved conversation and answers with the away reply when nobody is online', async () => {
    const acc = await account(api, 'telegram', { botToken: BOT_TOKEN });
    await postTelegram(acc, telegramTextUpdate({ chatId: 66, messageId: 1, text: 'first' }));
    const bot = await api.sql<{ content: string; status: string }[]>`
      select content, status from messages where tenant_id = ${acc.tenantId} and actor_type = 'bot'`;
    expect(bot).toEqual([
      { content: 'We are offline right now and will answer first thing in the morning.', status: 'pending' },
    ]);

    await api.sql`update conversations set status = 'resolved', resolved_at = now()
                   where tenant_id = ${acc.tenantId} and external_chat_id = '66'`;
    const before = api.published.length;
    const again = await postTelegram(acc, telegramTextUpdate({ chatId: 66, messageId: 2, text: 'me again' }));
    expect(again.body.stored).toBe(1);
    const [conv] = await api.sql<{ id: string; status: string }[]>`
      select id, status from conversations where tenant_id = ${acc.tenantId} and external_chat_id = '66'`;
    expect(conv?.status).toBe('open');
    // One event for the message, carrying the conversation's new state: no conversation.updated of its own.
    const events = api.published.slice(before).filter((e) => e.tenantId === acc.tenantId);
    expect(events.map((e) => e.type)).toEqual(['message.created']);
    expect(events[0]?.payload).toMatchObject({
      conversationId: conv?.id,
      message: { content: 'me again', direction: 'inbound' },
      conversation: { id: conv?.id, status: 'open', messageCount: 3 },
      reopened: true,
    });
    // The away reply keeps quiet for a while in the same conversation.
    const [count] =
      await api.sql`select count(*)::int as n from messages where tenant_id = ${acc.tenantId} and actor_type = 'bot'`;
    expect(count?.n).toBe(1);
  });

  it('refuses new conversations past the monthly limit, but keeps taking messages in existing ones', async () => {
    const acc = await account(api, 'telegram', { botToken: BOT_TOKEN });
    const [used] = await api.sql<{ n: number }[]>`
      select count(*)::int as n from conversations where tenant_id = ${acc.tenantId}
         and created_at >= date_trunc('month', now() at time zone 'UTC') at time zone 'UTC'`;
    await api.sql`update tenants set max_dialogs_per_month = ${(used?.n ?? 0) + 1} where id = ${acc.tenantId}`;
    expect((await postTelegram(acc, telegramTextUpdate({ chatId: 101, messageId: 1, text: 'first' }))).status).toBe(
      200,
    );
    const refused = await postTelegram(acc, telegramTextUpdate({ chatId: 102, messageId: 1, text: 'one too many' }));
    expectErrorShape(refused, 403, 'plan_limit_reached');
    expect(refused.body.error.details).toMatchObject({ limit: (used?.n ?? 0) + 1 });
    expect(await messagesOf(acc.tenantId, '102:1')).toHaveLength(0);
    expect(
      (await postTelegram(acc, telegramTextUpdate({ chatId: 101, messageId: 2, text: 'still here' }))).body.stored,
    ).toBe(1);
  });

  it('keeps a message whose text has NUL characters, without them', async () => {
    const acc = await account(api, 'telegram', { botToken: BOT_TOKEN });
    const reply = await postTelegram(acc, telegramTextUpdate({ chatId: 88, messageId: 1, text: 'nul\u0000here' }));
    expect(reply.body).toMatchObject({ stored: 1 });
    expect(await messagesOf(acc.tenantId, '88:1')).toEqual([{ content: 'nulhere', direction: 'inbound' }]);
  });

  it('never answers 5xx to random bodies with a valid secret (property-based)', async () => {
    const acc = await account(api, 'telegram', { botToken: BOT_TOKEN });
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), async (body) => {
        const reply = await postTelegram(acc, body);
        if (reply.status >= 500) throw new Error(`${reply.status} for ${JSON.stringify(body)}`);
      }),
      { numRuns: 100 },
    );
  });
});

describe('WhatsApp webhooks', () => {
  it('answers the verification handshake only with the right token', async () => {
    const acc = await account(api, 'whatsapp', {
      accessToken: 'EAAG-test-access-token-0000',
      phoneNumberId: '1234567890',
    });
    const path = pathOf(acc.webhookUrl);
    const ok = await api.call(
      'GET',
      `${path}?hub.mode=subscribe&hub.verify_token=${acc.verifyToken}&hub.challenge=1158201444`,
    );
    expect(ok).toMatchObject({ status: 200, body: 1158201444 });
    expectErrorShape(await api.call('GET', `${path}?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1`), 403);
  });

  it('checks the signature over the raw body, stores messages and applies delivery statuses', async () => {
    const acc = await account(api, 'whatsapp', {
      accessToken: 'EAAG-test-access-token-0000',
      phoneNumberId: '1234567890',
    });
    const body = JSON.stringify(
      whatsAppTextWebhook({
        phoneNumberId: '1234567890',
        from: '79001234567',
        name: 'Pavel',
        id: 'wamid.IN1',
        text: 'Привет!',
      }),
    );
    const path = pathOf(acc.webhookUrl);
    expectErrorShape(
      await api.call('POST', path, { raw: body, headers: { 'x-hub-signature-256': signed('wrong', body) } }),
      401,
    );
    const stored = await api.call('POST', path, {
      raw: body,
      headers: { 'x-hub-signature-256': signed(acc.secret, body) },
    });
    expect(stored.body).toMatchObject({ stored: 1 });
    const [client] = await api.sql`select name, phone from clients c join client_identities i on i.client_id = c.id
                                    where i.tenant_id = ${acc.tenantId} and i.external_id = '79001234567'`;
    expect(client).toEqual({ name: 'Pavel', phone: '+79001234567' });

    // An outbound message the provider knows as wamid.OUT1 moves to delivered, then read, never back.
    const [conv] = await api.sql<
      { id: string }[]
    >`select id from conversations where tenant_id = ${acc.tenantId} and external_chat_id = '79001234567'`;
    await api.sql`
      insert into messages (tenant_id, conversation_id, channel_account_id, direction, actor_type, content, status, external_message_id)
      values (${acc.tenantId}, ${conv?.id as string}, ${acc.id}, 'outbound', 'operator', 'hi', 'sent', 'wamid.OUT1')`;
    for (const status of ['read', 'delivered'] as const) {
      const statusBody = JSON.stringify(
        whatsAppStatusWebhook({ phoneNumberId: '1234567890', id: 'wamid.OUT1', status }),
      );
      const reply = await api.call('POST', path, {
        raw: statusBody,
        headers: { 'x-hub-signature-256': signed(acc.secret, statusBody) },
      });
      expect(reply.status).toBe(200);
    }
    const [out] =
      await api.sql`select status from messages where tenant_id = ${acc.tenantId} and external_message_id = 'wamid.OUT1'`;
    expect(out?.status).toBe('read');
    const moves = await api.sql`select s.status from message_status_updates s join messages m on m.id = s.message_id
                                 where m.tenant_id = ${acc.tenantId} and m.external_message_id = 'wamid.OUT1'`;
    expect(moves.map((m) => m.status)).toEqual(['read']);
  });
});

describe('generic API channel', () => {
  it('takes VK messages in our JSON with an HMAC signature', async () => {
    const acc = await account(api, 'vk', { callbackUrl: 'http://127.0.0.1:9/never' });
    const body = JSON.stringify(
      apiChannelTextWebhook({
        id: 'vk-msg-1',
        chatId: 'vk-chat-1',
        text: 'Здравствуйте',
        sender: { id: 'vk-user-1', name: 'Ivan' },
      }),
    );
    const path = pathOf(acc.webhookUrl);
    expectErrorShape(await api.call('POST', path, { raw: body }), 401, 'invalid_signature');
    const reply = await api.call('POST', path, { raw: body, headers: { 'x-signature': signed(acc.secret, body) } });
    expect(reply.body).toMatchObject({ stored: 1 });
    expect(await messagesOf(acc.tenantId, 'vk-msg-1')).toEqual([{ content: 'Здравствуйте', direction: 'inbound' }]);
  });
});
