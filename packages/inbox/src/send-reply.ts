// Sending a reply to the client, by an operator or a bot (an integration's API
// key, an auto-reply rule): the message is committed as `pending` with its
// delivery job, the conversation's counters and clocks move (an operator's
// first reply meets the first-response SLA), and message.created and
// conversation.updated go to whoever sees the conversation. The worker
// delivers it. A repeated clientMessageId returns the first message, unchanged.
import {
  type ConversationRow,
  DELIVER_MESSAGE_JOB,
  enqueueJob,
  insertOutboundMessage,
  lockConversation,
  type MessageRow,
  type MessageType,
  recordMessageOnConversation,
  type Tx,
} from '@relay/db';
import { conversationAudience, conversationPayload } from '@relay/realtime';
import type { Emit } from './emit.ts';
import { InboxError } from './inbox-error.ts';

export type ReplySender =
  | { actorType: 'operator'; actorId: string; metadata?: Record<string, unknown> }
  /** metadata says which bot: { apiKeyId } for an integration, { autoReplyId, trigger } for a rule. */
  | { actorType: 'bot'; actorId?: null; metadata: Record<string, unknown> };

export type SendReplyInput = {
  tenantId: string;
  /** Already read, and found visible to the sender, by the caller. */
  conversation: Pick<ConversationRow, 'id' | 'channelAccountId' | 'queueId' | 'assignedOperatorId'>;
  sender: ReplySender;
  /** The sender's idempotency key; null when the sender never retries (a rule). */
  clientMessageId: string | null;
  type?: MessageType;
  content: string;
  replyToId?: string | null;
  /** The caller's transaction already holds the conversation's row lock (ingest found it for update). */
  conversationLocked?: boolean;
};

export type SendReplyResult = {
  message: MessageRow & { attachments: [] };
  /** false: the clientMessageId was used before and the first message came back, nothing written. */
  created: boolean;
};

export async function sendReply(tx: Tx, emit: Emit, input: SendReplyInput): Promise<SendReplyResult> {
  const { tenantId, conversation, sender } = input;
  const actorId = sender.actorId ?? null;
  const metadata = sender.metadata ?? {};
  // Serialises sends in one conversation so counters and first-response stay exact.
  if (!input.conversationLocked) await lockConversation(tx, tenantId, conversation.id);
  const sent = await insertOutboundMessage(tx, tenantId, {
    conversationId: conversation.id,
    channelAccountId: conversation.channelAccountId,
    actorType: sender.actorType,
    actorId,
    metadata,
    clientMessageId: input.clientMessageId,
    type: input.type,
    content: input.content,
    replyToId: input.replyToId ?? null,
  });
  const message = { ...sent.message, attachments: [] as [] };
  if (!sent.created) {
    const same =
      sent.message.conversationId === conversation.id &&
      sent.message.actorType === sender.actorType &&
      sent.message.actorId === actorId &&
      sent.message.metadata.apiKeyId === metadata.apiKeyId &&
      sent.message.content === input.content;
    if (!same) throw new InboxError('conflict', 'this clientMessageId was already used for a different message');
    return { message, created: false };
  }
  const updated = await recordMessageOnConversation(tx, tenantId, conversation.id, {
    actorType: sender.actorType,
    createdAt: sent.message.createdAt,
  });
  await enqueueJob(tx, tenantId, {
    kind: DELIVER_MESSAGE_JOB,
    payload: { messageId: sent.message.id },
    dedupeKey: sent.message.id,
  });
  const audience = conversationAudience(conversation);
  await emit({
    type: 'message.created',
    conversationId: conversation.id,
    audience,
    payload: { conversationId: conversation.id, message },
  });
  await emit({
    type: 'conversation.updated',
    conversationId: conversation.id,
    audience,
    payload: conversationPayload(updated),
  });
  return { message, created: true };
}
