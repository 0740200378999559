// Moving a conversation to another queue, to someone there or into its waiting
// line: the row, its history row (kind transfer) and the SLA policy picked
// again for the new queue, an audit row, and two events: conversation.updated
// to those who saw it (the row leaves their lists) and conversation.assigned
// to the new queue (it arrives in theirs). Who may do it is the caller's check.
import { type ConversationRow, getQueue, recordAudit, type Tx, writeTransfer } from '@relay/db';
import { conversationAudience, conversationPayload } from '@relay/realtime';
import type { Actor } from './actor.ts';
import { checkAssignee } from './assignee.ts';
import type { Emit } from './emit.ts';
import { InboxError, notFound } from './inbox-error.ts';

export type TransferConversationInput = {
  tenantId: string;
  /** As the caller read it in this transaction. */
  conversation: Pick<ConversationRow, 'id' | 'queueId' | 'assignedOperatorId'>;
  queueId: string;
  /** Who in the new queue gets it; null: its waiting line. */
  to: string | null;
  reason: string | null;
  actor: Actor;
};

/** The row after the move; undefined when nothing changed (same queue, same assignee). */
export async function transferConversation(
  tx: Tx,
  emit: Emit,
  input: TransferConversationInput,
): Promise<ConversationRow | undefined> {
  const { tenantId, conversation: current, queueId, to, reason, actor } = input;
  if (!(await getQueue(tx, tenantId, queueId))) {
    throw new InboxError('unprocessable', 'queueId names no queue of this workspace', [
      { path: ['queueId'], message: 'no such queue', code: 'custom' },
    ]);
  }
  await checkAssignee(tx, tenantId, to);
  const from = current.assignedOperatorId;
  if (current.queueId === queueId && from === to) return undefined;

  const moved = await writeTransfer(tx, tenantId, {
    conversationId: current.id,
    queueId,
    operatorId: to,
    assignedBy: actor.operatorId,
    reason,
  });
  if (!moved) throw notFound('conversation');
  const { after } = moved;
  const fromQueueId = current.queueId;
  await recordAudit(tx, tenantId, {
    operatorId: actor.operatorId,
    ip: actor.ip,
    action: 'conversation.transfer',
    targetType: 'conversation',
    targetId: current.id,
    details: { fromQueueId, queueId, from, to, reason },
  });
  await emit({
    type: 'conversation.updated',
    conversationId: current.id,
    audience: conversationAudience(current, [to]),
    payload: conversationPayload(after),
  });
  await emit({
    type: 'conversation.assigned',
    conversationId: current.id,
    audience: conversationAudience(after, [from]),
    payload: {
      ...conversationPayload(after),
      operatorId: to,
      fromOperatorId: from,
      assignedBy: actor.operatorId,
      kind: 'transfer',
      fromQueueId,
      queueId,
    },
  });
  return after;
}
