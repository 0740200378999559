// Retrying an operator's reply that failed for good: back to pending, its
// error cleared, its delivery job queued again (the same job, started over),
// with its audit entry and message.updated event. Anything else is a conflict.
import {
  type ConversationRow,
  DELIVER_MESSAGE_JOB,
  lockConversationMessage,
  type MessageRow,
  recordAudit,
  requeueJob,
  resetFailedMessage,
  type Tx,
} from '@relay/db';
import { conversationAudience } from '@relay/realtime';
import type { Actor } from './actor.ts';
import type { Emit } from './emit.ts';
import { InboxError, notFound } from './inbox-error.ts';

export type RetryReplyInput = {
  tenantId: string;
  /** Already read, and found visible to the actor, by the caller. */
  conversation: Pick<ConversationRow, 'id' | 'queueId' | 'assignedOperatorId'>;
  messageId: string;
  actor: Actor;
};

export async function retryReply(tx: Tx, emit: Emit, input: RetryReplyInput): Promise<MessageRow> {
  const { tenantId, conversation, messageId, actor } = input;
  const current = await lockConversationMessage(tx, tenantId, conversation.id, messageId);
  if (!current) throw notFound('message');
  if (current.direction !== 'outbound' || current.actorType !== 'operator') {
    throw new InboxError('conflict', 'only a reply an operator wrote can be retried');
  }
  if (current.status !== 'failed') {
    throw new InboxError('conflict', `only a failed message can be retried; this one is ${current.status}`, {
      status: current.status,
    });
  }
  const reset = await resetFailedMessage(tx, tenantId, messageId, { retriedBy: actor.operatorId });
  if (!reset) throw new InboxError('conflict', 'the message changed while it was being retried');
  await requeueJob(tx, tenantId, { kind: DELIVER_MESSAGE_JOB, payload: { messageId }, dedupeKey: messageId });
  await recordAudit(tx, tenantId, {
    operatorId: actor.operatorId,
    ip: actor.ip,
    action: 'message.retry',
    targetType: 'message',
    targetId: messageId,
    details: { conversationId: conversation.id, previousError: current.error },
  });
  await emit({
    type: 'message.updated',
    conversationId: conversation.id,
    audience: conversationAudience(conversation),
    payload: { conversationId: conversation.id, messageId, status: 'pending', error: null },
  });
  return reset;
}
