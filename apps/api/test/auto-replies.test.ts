// Auto replies through the typed client: every answer is parsed with its route's contract
// (apiRoutes.autoReplies), so a drifting answer fails here too. Malformed bodies go raw (api.call).
import { randomUUID } from 'node:crypto';
import { telegramTextUpdate } from '@relay/channels/testing';
import { apiRoutes, type PatchAutoReplyBody, type RequestInput } from '@relay/contracts';
import { describe, expect, it } from 'vitest';
import { refused, useApi } from './support/api-harness.ts';
import { auditActionsOf, demoStaff } from './support/demo-staff.ts';

const api = useApi();
const { listAutoReplies, createAutoReply, updateAutoReply, deleteAutoReply } = apiRoutes.autoReplies;

const rule = <B extends Record<string, unknown>>(body: B) => ({
  name: 'Refunds',
  content: 'Refunds take 3 days.',
  ...body,
});
/** A rule as a caller sends it: name and content have defaults here, the rest the schema's. */
type RuleInput = Omit<RequestInput<typeof createAutoReply>['body'], 'name' | 'content'>;
const create = (token: string, body: RuleInput) => api.client(token).call(createAutoReply, { body: rule(body) });

describe('auto replies', () => {
  it('are read by supervisors and written by admins only', async () => {
    const { owner, supervisor, alice } = await demoStaff(api);
    await refused(api.client(alice.token).call(listAutoReplies), 403, 'forbidden');
    const listed = await api.client(supervisor.token).call(listAutoReplies);
    expect(listed.items.map((r) => [r.trigger, r.name, r.keywords])).toEqual([
      ['away', 'After hours', []],
      ['greeting', 'Welcome', []],
      ['keyword', 'Opening hours', ['hours', 'schedule']],
    ]);
    await refused(create(supervisor.token, { trigger: 'greeting' }), 403);
    expect(await create(owner.token, { trigger: 'greeting' })).toMatchObject({ name: 'Refunds', trigger: 'greeting' });
  });

  it('need keywords for the keyword trigger, as single words, and known channels', async () => {
    const { tenantId, owner } = await demoStaff(api);
    const post = (body: unknown) => api.call('POST', '/api/v1/auto-replies', { token: owner.token, body });

    const none = await refused(create(owner.token, { trigger: 'keyword' }), 400, 'bad_request');
    expect(none.error.details).toEqual([
      { path: ['keywords'], message: 'a keyword rule needs at least one keyword', code: 'custom' },
    ]);
    const phrase = await post(rule({ trigger: 'keyword', keywords: ['money back'] }));
    expect(phrase.body.error.details[0].path).toEqual(['keywords', '0']);
    const fax = await post(rule({ trigger: 'away', channels: ['telegram', 'fax'] }));
    expect(fax.body.error.details[0].path).toEqual(['channels', '1']);
    const trigger = await post(rule({ trigger: 'sometimes' }));
    expect(trigger.body.error.details[0].path).toEqual(['trigger']);

    const created = await create(owner.token, {
      trigger: 'keyword',
      keywords: ['Refund', 'refund', 'Возврат'],
      channels: ['telegram', 'telegram'],
    });
    expect(created).toMatchObject({
      trigger: 'keyword',
      keywords: ['refund', 'возврат'],
      channels: ['telegram'],
      priority: 0,
      isActive: true,
    });
    expect(await auditActionsOf(api, tenantId, created.id)).toEqual(['auto_reply.create']);
  });

  it('check a change against the rule as it will be', async () => {
    const { tenantId, owner } = await demoStaff(api);
    const [welcome] = await api.sql<{ id: string }[]>`
      select id from auto_replies where tenant_id = ${tenantId} and trigger = 'greeting'`;
    const id = welcome?.id as string;
    const patch = (body: PatchAutoReplyBody) => api.client(owner.token).call(updateAutoReply, { params: { id }, body });
    const remove = (id: string) => api.client(owner.token).call(deleteAutoReply, { params: { id } });

    const keywordless = await refused(patch({ trigger: 'keyword' }), 400, 'bad_request');
    expect(keywordless.error.details).toMatchObject([{ path: ['keywords'] }]);
    const changed = await patch({ trigger: 'keyword', keywords: ['hi'], priority: 5, isActive: false });
    expect(changed).toMatchObject({
      name: 'Welcome',
      trigger: 'keyword',
      keywords: ['hi'],
      priority: 5,
      isActive: false,
    });
    await refused(patch({ keywords: [] }), 400, 'bad_request');

    expect(await remove(id)).toBeUndefined();
    await refused(patch({ priority: 1 }), 404, 'not_found');
    await refused(remove(randomUUID()), 404, 'not_found');
    expect(await auditActionsOf(api, tenantId, id)).toEqual(['auto_reply.update', 'auto_reply.delete']);
  });

  it('answer a matching inbound message once created', async () => {
    const { owner, tenantId } = await demoStaff(api);
    const created = await create(owner.token, {
      trigger: 'keyword',
      keywords: ['Refund'],
      channels: ['telegram'],
      priority: 50,
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
    const inbound = await api.call('POST', new URL(account.body.webhookUrl).pathname, {
      raw: JSON.stringify(telegramTextUpdate({ chatId: 9001, messageId: 1, text: 'I want a REFUND, now!' })),
      headers: { 'x-telegram-bot-api-secret-token': account.body.secret },
    });
    expect(inbound.status).toBe(200);
    const bot = await api.sql<{ content: string; metadata: { autoReplyId?: string } }[]>`
      select content, metadata from messages where tenant_id = ${tenantId} and actor_type = 'bot'`;
    expect(bot.map((m) => [m.content, m.metadata.autoReplyId])).toEqual([['Refunds take 3 days.', created.id]]);
  });

  it("update the conversation's row on screens like an operator's reply does (one sendReply)", async () => {
    const { owner, tenantId } = await demoStaff(api);
    await create(owner.token, { trigger: 'keyword', keywords: ['refund'], channels: ['telegram'], priority: 50 });
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
