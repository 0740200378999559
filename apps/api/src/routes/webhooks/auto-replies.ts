// Auto replies on inbound messages. At most one per inbound message, chosen
// in this order: a keyword rule that matches; the away rule when no operator
// who could answer is online (more honest than a greeting promising a quick
// answer); the greeting on a new conversation. A rule repeats in a
// conversation only after its quiet period, so a chatty customer is not
// answered by the bot on every line.
import {
  type AutoReplyRow,
  type ChannelAccountRow,
  type ConversationRow,
  DELIVER_MESSAGE_JOB,
  enqueueJob,
  insertOutboundMessage,
  listActiveAutoReplies,
  recordMessageOnConversation,
  type Tx,
} from '@relay/db';
import type { Emit } from '@relay/realtime';
import { conversationAudience } from '../conversations/conversation-access.ts';

const QUIET_PERIOD: Record<AutoReplyRow['trigger'], string> = {
  keyword: '10 minutes',
  greeting: '1 day',
  away: '6 hours',
};

function matchesKeyword(rule: AutoReplyRow, text: string | null): boolean {
  if (!text) return false;
  const words = new Set(text.toLowerCase().split(/[^\p{L}\p{N}]+/u));
  return rule.keywords.some((keyword) => words.has(keyword.toLowerCase()));
}

async function someoneOnline(tx: Tx, tenantId: string, queueId: string | null): Promise<boolean> {
  const [row] = await tx`
    select 1 from operators o
     where o.tenant_id = ${tenantId} and o.is_active and o.availability = 'online'
       ${
         queueId
           ? tx`and exists (select 1 from queue_members m
                             where m.tenant_id = o.tenant_id and m.operator_id = o.id and m.queue_id = ${queueId})`
           : tx``
       }
     limit 1`;
  return Boolean(row);
}

async function recentlySent(tx: Tx, tenantId: string, conversationId: string, rule: AutoReplyRow) {
  const [row] = await tx`
    select 1 from messages
     where tenant_id = ${tenantId} and conversation_id = ${conversationId} and actor_type = 'bot'
       and metadata->>'autoReplyId' = ${rule.id}
       and created_at > now() - ${QUIET_PERIOD[rule.trigger]}::interval
     limit 1`;
  return Boolean(row);
}

async function chooseRule(
  tx: Tx,
  account: ChannelAccountRow,
  conversation: ConversationRow,
  inbound: { isNewConversation: boolean; text: string | null },
): Promise<AutoReplyRow | undefined> {
  const rules = await listActiveAutoReplies(tx, account.tenantId, account.channel);
  const keyword = rules.find((r) => r.trigger === 'keyword' && matchesKeyword(r, inbound.text));
  if (keyword) return keyword;
  const away = rules.find((r) => r.trigger === 'away');
  if (away && !(await someoneOnline(tx, account.tenantId, conversation.queueId))) return away;
  return inbound.isNewConversation ? rules.find((r) => r.trigger === 'greeting') : undefined;
}

export async function queueAutoReply(
  tx: Tx,
  emit: Emit,
  account: ChannelAccountRow,
  conversation: ConversationRow,
  inbound: { isNewConversation: boolean; text: string | null },
): Promise<void> {
  const rule = await chooseRule(tx, account, conversation, inbound);
  if (!rule || (await recentlySent(tx, account.tenantId, conversation.id, rule))) return;
  const { message } = await insertOutboundMessage(tx, account.tenantId, {
    conversationId: conversation.id,
    channelAccountId: account.id,
    actorType: 'bot',
    actorId: null,
    clientMessageId: null,
    content: rule.content,
    metadata: { autoReplyId: rule.id, trigger: rule.trigger },
  });
  await recordMessageOnConversation(tx, account.tenantId, conversation.id, {
    actorType: 'bot',
    createdAt: message.createdAt,
  });
  await enqueueJob(tx, account.tenantId, {
    kind: DELIVER_MESSAGE_JOB,
    payload: { messageId: message.id },
    dedupeKey: message.id,
  });
  await emit({
    type: 'message.created',
    conversationId: conversation.id,
    audience: conversationAudience(conversation),
    payload: { conversationId: conversation.id, message: { ...message, attachments: [] } },
  });
}
