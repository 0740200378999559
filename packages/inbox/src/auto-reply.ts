// Auto replies on inbound messages. At most one per inbound message, chosen
// in this order: a keyword rule that matches; the away rule when no operator
// who could answer is online (more honest than a greeting promising a quick
// answer); the greeting on a new conversation. A rule repeats in a
// conversation only after its quiet period, so a chatty customer is not
// answered by the bot on every line. Ingest reads a tenant's active rules
// once per batch (listActiveAutoReplies) and asks here per inbound message.
import {
  type AutoReplyRow,
  anyOperatorOnline,
  autoReplySentWithin,
  type ChannelAccountRow,
  type ConversationRow,
  type Tx,
} from '@relay/db';
import type { Emit } from './emit.ts';
import { sendReply } from './send-reply.ts';

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

async function chooseRule(
  tx: Tx,
  rules: readonly AutoReplyRow[],
  account: ChannelAccountRow,
  conversation: ConversationRow,
  inbound: { isNewConversation: boolean; text: string | null },
): Promise<AutoReplyRow | undefined> {
  const keyword = rules.find((r) => r.trigger === 'keyword' && matchesKeyword(r, inbound.text));
  if (keyword) return keyword;
  const away = rules.find((r) => r.trigger === 'away');
  if (away && !(await anyOperatorOnline(tx, account.tenantId, conversation.queueId))) return away;
  return inbound.isNewConversation ? rules.find((r) => r.trigger === 'greeting') : undefined;
}

/**
 * The caller (ingest) holds the conversation's row lock; rules are the account channel's active ones.
 * True when a reply was queued for delivery.
 */
export async function queueAutoReply(
  tx: Tx,
  emit: Emit,
  rules: readonly AutoReplyRow[],
  account: ChannelAccountRow,
  conversation: ConversationRow,
  inbound: { isNewConversation: boolean; text: string | null },
): Promise<boolean> {
  if (rules.length === 0) return false;
  const rule = await chooseRule(tx, rules, account, conversation, inbound);
  if (!rule) return false;
  const interval = QUIET_PERIOD[rule.trigger];
  if (
    await autoReplySentWithin(tx, account.tenantId, { conversationId: conversation.id, autoReplyId: rule.id, interval })
  ) {
    return false;
  }
  await sendReply(tx, emit, {
    tenantId: account.tenantId,
    conversation: { ...conversation, channelAccountId: account.id },
    sender: { actorType: 'bot', metadata: { autoReplyId: rule.id, trigger: rule.trigger } },
    clientMessageId: null,
    content: rule.content,
    conversationLocked: true,
  });
  return true;
}
