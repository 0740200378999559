// SLA through the API: a webhook-created conversation carries its policy's due
// times, an operator's reply in time and a resolution in time are recorded as
// met, and reopening by hand restarts the resolution clock.
import { createHmac } from 'node:crypto';
import { apiChannelTextWebhook } from '@relay/channels/testing';
import { describe, expect, it } from 'vitest';
import { useApi } from './support/api-harness.ts';

const api = useApi();

async function vkAccount() {
  const { slug, tenantId } = await api.demoTenant();
  const owner = (await api.login(slug, 'owner@demo.test')).accessToken;
  const created = await api.call('POST', '/api/v1/channel-accounts', {
    token: owner,
    body: {
      channel: 'vk',
      name: 'VK',
      externalAccountId: `vk-${slug}`,
      credentials: { callbackUrl: 'http://127.0.0.1:9/never' },
    },
  });
  expect(created.status).toBe(201);
  return { tenantId, owner, webhookUrl: created.body.webhookUrl as string, secret: created.body.secret as string };
}

const slaEventsOf = (tenantId: string, conversationId: string) =>
  api.sql<{ kind: string; event: string; dueAt: Date; at: Date }[]>`
    select kind, event, due_at, at from sla_events
     where tenant_id = ${tenantId} and conversation_id = ${conversationId} order by at, id`;

describe('SLA on conversations', () => {
  it('sets due times on a webhook-created conversation, records met for a timely reply and resolution', async () => {
    const acc = await vkAccount();
    const body = JSON.stringify(apiChannelTextWebhook({ id: 'sla-msg-1', chatId: 'sla-chat-1', text: 'Help!' }));
    const signature = `sha256=${createHmac('sha256', acc.secret).update(body).digest('hex')}`;
    const hook = await api.call('POST', new URL(acc.webhookUrl).pathname, {
      raw: body,
      headers: { 'x-signature': signature },
    });
    expect(hook.body).toMatchObject({ stored: 1 });
    const [row] = await api.sql<{ id: string }[]>`
      select id from conversations where tenant_id = ${acc.tenantId} and external_chat_id = 'sla-chat-1'`;
    const id = row?.id as string;
    const [standard] = await api.sql<{ id: string }[]>`
      select id from sla_policies where tenant_id = ${acc.tenantId} and is_default`;

    // The demo's default queue uses the Standard policy: 300 s first response, 1 day resolution, warn at 80 %.
    const got = await api.call('GET', `/api/v1/conversations/${id}`, { token: acc.owner });
    const created = Date.parse(got.body.createdAt);
    const offset = (field: string) => Date.parse(got.body[field]) - created;
    expect(got.body.slaPolicyId).toBe(standard?.id);
    expect(offset('firstResponseDueAt')).toBe(300_000);
    expect(offset('firstResponseWarnAt')).toBe(240_000);
    expect(offset('resolutionDueAt')).toBe(86_400_000);
    expect(offset('resolutionWarnAt')).toBe(69_120_000);

    const reply = await api.call('POST', `/api/v1/conversations/${id}/messages`, {
      token: acc.owner,
      body: { content: 'On it', clientMessageId: 'sla-reply-1' },
    });
    expect(reply.status).toBe(201);
    const resolved = await api.call('PATCH', `/api/v1/conversations/${id}`, {
      token: acc.owner,
      body: { status: 'resolved' },
    });
    expect(resolved.status).toBe(200);
    const events = await slaEventsOf(acc.tenantId, id);
    expect(events.map((e) => [e.kind, e.event])).toEqual([
      ['first_response', 'met'],
      ['resolution', 'met'],
    ]);
    expect(events[0]?.at.toISOString()).toBe(new Date(reply.body.createdAt).toISOString());
    expect(events[1]?.at.toISOString()).toBe(new Date(resolved.body.resolvedAt).toISOString());

    // Reopened by hand: the resolution clock starts over; the first response stands.
    const reopened = await api.call('PATCH', `/api/v1/conversations/${id}`, {
      token: acc.owner,
      body: { status: 'open' },
    });
    expect(reopened.status).toBe(200);
    expect(Date.parse(reopened.body.resolutionDueAt)).toBeGreaterThan(Date.parse(got.body.resolutionDueAt));
    expect(reopened.body.firstResponseDueAt).toBe(got.body.firstResponseDueAt);
    expect(reopened.body.firstResponseAt).toBe(reply.body.createdAt);
    const updated = api.published.filter((e) => e.conversationId === id && e.type === 'conversation.updated').at(-1);
    expect(updated?.payload).toMatchObject({
      conversation: { resolutionDueAt: reopened.body.resolutionDueAt, resolutionWarned: false },
    });
  });
});
