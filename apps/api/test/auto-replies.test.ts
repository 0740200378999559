import { randomUUID } from 'node:crypto';
import { telegramTextUpdate } from '@relay/channels/testing';
import { describe, expect, it } from 'vitest';
import { expectErrorShape, useApi } from './support/api-harness.ts';
import { auditActionsOf, demoStaff } from './support/demo-staff.ts';

const api = useApi();

const rule = (body: Record<string, unknown>) => ({ name: 'Refunds', content: 'Refunds take 3 days.', ...body });

describe('auto replies', () => {
  it('are read by supervisors and written by admins only', async () => {
    const { owner, supervisor, alice } = await demoStaff(api);
    expectErrorShape(await api.call('GET', '/api/v1/auto-replies', { token: alice.token }), 403, 'forbidden');
    const listed = await api.call('GET', '/api/v1/auto-replies', { token: supervisor.token });
    expect(listed.status).toBe(200);
    expect(
      listed.body.items.map((r: { name: string; trigger: string; keywords: string[] }) => [
        r.trigger,
        r.name,
        r.keywords,
      ]),
    ).toEqual([
      ['away', 'After hours', []],
      ['greeting', 'Welcome', []],
      ['keyword', 'Opening hours', ['hours', 'schedule']],
    ]);
    const body = rule({ trigger: 'greeting' });
    expectErrorShape(await api.call('POST', '/api/v1/auto-replies', { token: supervisor.token, body }), 403);
    expect((await api.call('POST', '/api/v1/auto-replies', { token: owner.token, body })).status).toBe(201);
  });

  it('need keywords for the keyword trigger, as single words, and known channels', async () => {
    const { tenantId, owner } = await demoStaff(api);
    const post = (body: unknown) => api.call('POST', '/api/v1/auto-replies', { token: owner.token, body });

    const none = await post(rule({ trigger: 'keyword' }));
    expectErrorShape(none, 400, 'bad_request');
    expect(none.body.error.details).toEqual([
      { path: ['keywords'], message: 'a keyword rule needs at least one keyword', code: 'custom' },
    ]);
    const phrase = await post(rule({ trigger: 'keyword', keywords: ['money back'] }));
    expect(phrase.body.error.details[0].path).toEqual(['keywords', '0']);
    const fax = await post(rule({ trigger: 'away', channels: ['telegram', 'fax'] }));
    expect(fax.body.error.details[0].path).toEqual(['channels', '1']);
    const trigger = await post(rule({ trigger: 'sometimes' }));
    expect(trigger.body.error.details[0].path).toEqual(['trigger']);

    const created = await post(
      rule({ trigger: 'keyword', keywords: ['Refund', 'refund', 'Возврат'], channels: ['telegram', 'telegram'] }),
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      trigger: 'keyword',
      keywords: ['refund', 'возврат'],
      channels: ['telegram'],
      priority: 0,
      isActive: true,
    });
    expect(await auditActionsOf(api, tenantId, created.body.id)).toEqual(['auto_reply.create']);
  });

  it('check a change against the rule as it will be', async () => {
    const { tenantId, owner } = await demoStaff(api);
    const [welcome] = await api.sql<{ id: string }[]>`
      select id from auto_replies where tenant_id = ${tenantId} and trigger = 'greeting'`;
    const patch = (body: unknown) =>
      api.call('PATCH', `/api/v1/auto-replies/${welcome?.id}`, { token: owner.token, body });

    const keywordless = await patch({ trigger: 'keyword' });
    expectErrorShape(keywordless, 400, 'bad_request');
    expect(keywordless.body.error.details[0].path).toEqual(['keywords']);
    const changed = await patch({ trigger: 'keyword', keywords: ['hi'], priority: 5, isActive: false });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      name: 'Welcome',
      trigger: 'keyword',
      keywords: ['hi'],
      priority: 5,
      isActive: false,
    });
    expectErrorShape(await patch({ keywords: [] }), 400, 'bad_request');

    expect((await api.call('DELETE', `/api/v1/auto-replies/${welcome?.id}`, { token: owner.token })).status).toBe(204);
    expectErrorShape(await patch({ priority: 1 }), 404, 'not_found');
    expectErrorShape(
      await api.call('DELETE', `/api/v1/auto-replies/${randomUUID()}`, { token: owner.token }),
      404,
      'not_found',
    );
    expect(await auditActionsOf(api, tenantId, welcome?.id as string)).toEqual([
      'auto_reply.update',
      'auto_reply.delete',
    ]);
  });

  it('answer a matching inbound message once created', async () => {
    const { owner, tenantId } = await demoStaff(api);
    const created = await api.call('POST', '/api/v1/auto-replies', {
      token: owner.token,
      body: rule({ trigger: 'keyword', keywords: ['Refund'], channels: ['telegram'], priority: 50 }),
    });
    expect(created.status).toBe(201);
    const account = await api.call('POST', '/api/v1/channel-accounts', {
      token: owner.token,
      body: {
        channel: 'telegram',
        name: 'Bot',
        externalAccountId: `bot-${tenantId}`,
        credentials: { botToken: '123456789:AAH-test-token-for-relay-0000000000' },
      },
    });
    const inbound = await api.call('POST', new URL(account.body.webhookUrl).pathname, {
      raw: JSON.stringify(telegramTextUpdate({ chatId: 9001, messageId: 1, text: 'I want a REFUND, now!' })),
      headers: { 'x-telegram-bot-api-secret-token': account.body.secret },
    });
    expect(inbound.status).toBe(200);
    const bot = await api.sql<{ content: string; metadata: { autoReplyId?: string } }[]>`
      select content, metadata from messages where tenant_id = ${tenantId} and actor_type = 'bot'`;
    expect(bot.map((m) => [m.content, m.metadata.autoReplyId])).toEqual([['Refunds take 3 days.', created.body.id]]);
  });

  it("update the conversation's row on screens like an operator's reply does (one sendReply)", async () => {
    const { owner, tenantId } = await demoStaff(api);
    await api.call('POST', '/api/v1/auto-replies', {
      token: owner.token,
      body: rule({ trigger: 'keyword', keywords: ['refund'], channels: ['telegram'], priority: 50 }),
    });
    const account = await api.call('POST', '/api/v1/channel-accounts', {
      token: owner.token,
      body: {
        channel: 'telegram',
        name: 'Bot',
        externalAccountId: `bot-${tenantId}`,
        credentials: { botToken: '123456789:AAH-test-token-for-relay-0000000000' },
      },
    });
    const before = api.published.length;
    const inbound = await api.call('POST', new URL(account.body.webhookUrl).pathname, {
      raw: JSON.stringify(telegramTextUpdate({ chatId: 9002, messageId: 1, text: 'refund please' })),
      headers: { 'x-telegram-bot-api-secret-token': account.body.secret },
    });
    expect(inbound.status).toBe(200);
    const [reply] = await api.sql<{ id: string; conversationId: string; createdAt: Date }[]>`
      select id, conversation_id, created_at from messages where tenant_id = ${tenantId} and actor_type = 'bot'`;
    const events = api.published.slice(before).filter((e) => e.tenantId === tenantId);
    const botCreated = events.findIndex(
      (e) => e.type === 'message.created' && (e.payload as { message: { id: string } }).message.id === reply?.id,
    );
    expect(botCreated).toBeGreaterThan(-1);
    // As after an operator's reply: message.created, then the conversation's row with the reply counted.
    const next = events[botCreated + 1];
    expect(next).toMatchObject({ type: 'conversation.updated', conversationId: reply?.conversationId });
    expect(next?.payload).toMatchObject({
      conversation: { messageCount: 2, lastMessageAt: reply?.createdAt.toISOString() },
    });
    const [job] = await api.sql<{ n: number }[]>`
      select count(*)::int as n from jobs
       where tenant_id = ${tenantId} and kind = 'deliver_message' and payload->>'messageId' = ${reply?.id ?? ''}`;
    expect(job?.n).toBe(1);
  });
});
