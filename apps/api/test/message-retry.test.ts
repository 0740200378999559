// Retrying a failed reply through the typed client: every answer is parsed with
// apiRoutes.conversations.retryMessage's contract.
import { apiRoutes } from '@relay/contracts';
import { describe, expect, it } from 'vitest';
import { refused, useApi } from './support/api-harness.ts';
import { auditActionsOf, demoStaff } from './support/demo-staff.ts';

const api = useApi();
const { retryMessage } = apiRoutes.conversations;
const retry = (token: string, params: { id: string; messageId: string }) =>
  api.client(token).call(retryMessage, { params, body: {} });

/** A demo tenant, one of its open conversations, and a reply in it that the worker failed for good. */
async function failedReply() {
  const staff = await demoStaff(api);
  const [conversation] = await api.sql<{ id: string }[]>`
    select id from conversations where tenant_id = ${staff.tenantId} and status <> 'resolved' order by id limit 1`;
  const conversationId = conversation?.id as string;
  const sent = await api.call('POST', `/api/v1/conversations/${conversationId}/messages`, {
    token: staff.supervisor.token,
    body: { content: 'Your parcel is on its way', clientMessageId: `retry-${conversationId}` },
  });
  expect(sent.status).toBe(201);
  const messageId = sent.body.id as string;
  // What the worker does when a provider refuses for good (deliver-message.ts): failed, job buried.
  await api.sql`update messages set status = 'failed', error = 'Telegram: Bad Request: chat not found'
                 where tenant_id = ${staff.tenantId} and id = ${messageId}`;
  await api.sql`update jobs set status = 'dead', attempts = 1, last_error = 'Telegram: Bad Request: chat not found'
                 where tenant_id = ${staff.tenantId} and dedupe_key = ${messageId}`;
  return { ...staff, conversationId, messageId, params: { id: conversationId, messageId } };
}

describe('retrying a failed reply', () => {
  it('puts it back to pending, queues its delivery again, publishes message.updated and audits', async () => {
    const { tenantId, supervisor, conversationId, messageId, params } = await failedReply();
    const before = api.published.length;

    const reply = await retry(supervisor.token, params);
    expect(reply).toMatchObject({ id: messageId, status: 'pending', error: null, attachments: [] });

    const jobs = await api.sql`
      select status, attempts, last_error from jobs where tenant_id = ${tenantId} and dedupe_key = ${messageId}`;
    expect(jobs).toEqual([{ status: 'pending', attempts: 0, lastError: null }]);
    const moves = await api.sql<{ status: string }[]>`
      select status from message_status_updates where tenant_id = ${tenantId} and message_id = ${messageId}`;
    expect(moves.map((m) => m.status)).toEqual(['pending']);
    const events = api.published.slice(before).filter((e) => e.tenantId === tenantId);
    expect(events.map((e) => e.type)).toEqual(['message.updated']);
    expect(events[0]?.payload).toEqual({ conversationId, messageId, status: 'pending', error: null });
    expect(await auditActionsOf(api, tenantId, messageId)).toEqual(['message.retry']);
  });

  it('works without a body, and a second retry of the now pending message is a 409', async () => {
    const { supervisor, params, messageId } = await failedReply();
    // No body at all: the client sends none when the call gives none.
    expect(await api.client(supervisor.token).call(retryMessage, { params })).toMatchObject({
      id: messageId,
      status: 'pending',
    });
    const again = await refused(retry(supervisor.token, params), 409, 'conflict');
    expect(again.error.message).toMatch(/only a failed message.*pending/);
  });

  it('refuses a client message and a reply that was delivered, with 409', async () => {
    const { tenantId, supervisor, conversationId, messageId, params } = await failedReply();
    const [inbound] = await api.sql<{ id: string }[]>`
      select id from messages where tenant_id = ${tenantId} and conversation_id = ${conversationId}
         and direction = 'inbound' limit 1`;
    await refused(retry(supervisor.token, { id: conversationId, messageId: inbound?.id as string }), 409, 'conflict');

    await api.sql`update messages set status = 'delivered', error = null where tenant_id = ${tenantId} and id = ${messageId}`;
    await refused(retry(supervisor.token, params), 409, 'conflict');
    const [job] = await api.sql`select status from jobs where tenant_id = ${tenantId} and dedupe_key = ${messageId}`;
    expect(job?.status).toBe('dead');
  });

  it('answers 404 for an unknown message, one of another conversation, and a conversation the caller cannot see', async () => {
    const { tenantId, slug, supervisor, conversationId, messageId } = await failedReply();
    const unknown = { id: conversationId, messageId: '00000000-0000-4000-8000-000000000000' };
    await refused(retry(supervisor.token, unknown), 404, 'not_found');

    const [other] = await api.sql<{ id: string }[]>`
      select id from conversations where tenant_id = ${tenantId} and id <> ${conversationId} limit 1`;
    await refused(retry(supervisor.token, { id: other?.id as string, messageId }), 404, 'not_found');

    // An operator outside the conversation's queue, not its assignee, does not see it.
    await api.sql`
      insert into operators (tenant_id, email, name, password_hash, role)
      select tenant_id, 'dave@demo.test', 'Dave', password_hash, 'operator' from operators
       where tenant_id = ${tenantId} and email = 'alice@demo.test'`;
    await api.sql`update conversations set assigned_operator_id = null where tenant_id = ${tenantId} and id = ${conversationId}`;
    const dave = await api.login(slug, 'dave@demo.test');
    await refused(retry(dave.accessToken, { id: conversationId, messageId }), 404, 'not_found');
    const [message] = await api.sql`select status from messages where tenant_id = ${tenantId} and id = ${messageId}`;
    expect(message?.status).toBe('failed');
  });

  it('creates the delivery job when there was none (a failure reported later by the provider)', async () => {
    const { tenantId, supervisor, messageId, params } = await failedReply();
    await api.sql`delete from jobs where tenant_id = ${tenantId} and dedupe_key = ${messageId}`;
    expect((await retry(supervisor.token, params)).status).toBe('pending');
    const jobs = await api.sql`
      select kind, status, payload from jobs where tenant_id = ${tenantId} and dedupe_key = ${messageId}`;
    expect(jobs).toEqual([{ kind: 'deliver_message', status: 'pending', payload: { messageId } }]);
  });
});
