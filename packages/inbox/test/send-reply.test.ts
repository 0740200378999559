// sendReply is the one way a reply is written, whoever sends it: these pin
// that an operator's reply and a bot's write and emit the same things (the
// bot path once emitted no conversation.updated), and the idempotency rule.
import { getConversation, type NewEvent, withTenant } from '@relay/db';
import { fillEveryTenantTable, type TenantFixture, useTestDb } from '@relay/db/testing';
import { describe, expect, it } from 'vitest';
import { InboxError, type ReplySender, sendReply } from '../src/index.ts';

const sql = useTestDb();

async function send(fx: TenantFixture, sender: ReplySender, clientMessageId: string | null, content: string) {
  const events: NewEvent[] = [];
  const result = await withTenant(sql, fx.tenantId, async (tx) => {
    const conversation = await getConversation(tx, fx.tenantId, fx.conversationId);
    if (!conversation) throw new Error('fixture conversation missing');
    return sendReply(tx, async (event) => events.push(event), {
      tenantId: fx.tenantId,
      conversation,
      sender,
      clientMessageId,
      content,
    });
  });
  return { ...result, events };
}

async function deliveryJobs(fx: TenantFixture, messageId: string) {
  const [row] = await sql<{ n: number }[]>`
    select count(*)::int as n from jobs
     where tenant_id = ${fx.tenantId} and kind = 'deliver_message' and payload->>'messageId' = ${messageId}`;
  return row?.n;
}

describe('sendReply', () => {
  it("writes and emits the same for an operator's reply and a bot's", async () => {
    const fx = await fillEveryTenantTable(sql);
    const before = await withTenant(sql, fx.tenantId, (tx) => getConversation(tx, fx.tenantId, fx.conversationId));
    const bot = await send(fx, { actorType: 'bot', metadata: { autoReplyId: 'rule-1' } }, null, 'We are on it.');
    const operator = await send(fx, { actorType: 'operator', actorId: fx.operatorId }, 'cm-op-1', 'Hello!');

    for (const [sent, count] of [
      [bot, 1],
      [operator, 2],
    ] as const) {
      expect(sent.created).toBe(true);
      expect(sent.message).toMatchObject({ direction: 'outbound', status: 'pending', attachments: [] });
      expect(sent.events.map((e) => e.type)).toEqual(['message.created', 'conversation.updated']);
      expect(sent.events[0]?.payload).toMatchObject({ message: { id: sent.message.id } });
      expect(sent.events[1]?.payload).toMatchObject({
        conversationId: fx.conversationId,
        conversation: { messageCount: (before?.messageCount ?? 0) + count },
      });
      expect(await deliveryJobs(fx, sent.message.id)).toBe(1);
    }
    expect(bot.message).toMatchObject({ actorType: 'bot', actorId: null, metadata: { autoReplyId: 'rule-1' } });
    // Only an operator's reply is a first response.
    expect(bot.events[1]?.payload).toMatchObject({ conversation: { firstResponseAt: null } });
    expect(operator.events[1]?.payload).toMatchObject({ conversation: { status: 'open' } });
    const after = await withTenant(sql, fx.tenantId, (tx) => getConversation(tx, fx.tenantId, fx.conversationId));
    expect(after?.firstResponseAt?.getTime()).toBe(operator.message.createdAt.getTime());
  });

  it('returns the first message for a repeated clientMessageId, and refuses one reused for other content', async () => {
    const fx = await fillEveryTenantTable(sql);
    const sender: ReplySender = { actorType: 'operator', actorId: fx.operatorId };
    const first = await send(fx, sender, 'cm-repeat', 'Tracking RR123');
    const again = await send(fx, sender, 'cm-repeat', 'Tracking RR123');
    expect(again).toMatchObject({ created: false, events: [] });
    expect(again.message.id).toBe(first.message.id);
    expect(await deliveryJobs(fx, first.message.id)).toBe(1);

    const other = send(fx, sender, 'cm-repeat', 'something else');
    await expect(other).rejects.toBeInstanceOf(InboxError);
    await expect(other).rejects.toMatchObject({ code: 'conflict' });
    const bot = send(fx, { actorType: 'bot', metadata: { apiKeyId: 'key-1' } }, 'cm-repeat', 'Tracking RR123');
    await expect(bot).rejects.toMatchObject({ code: 'conflict' });
  });
});
