// Giving a conversation to an operator, or back to its queue: by a person
// (manual, transfer to a colleague, unassign) or by the worker's router
// (round robin, least loaded, offline reassign). Every change writes the
// assignee and its history row, an audit row, and conversation.assigned to
// whoever saw it and to the new assignee. Who may do it is the caller's check.
import { type AssignmentKind, type ConversationRow, recordAudit, type Tx, writeAssignment } from '@relay/db';
import { conversationAudience, conversationPayload } from '@relay/realtime';
import type { Actor } from './actor.ts';
import { checkAssignee } from './assignee.ts';
import type { Emit } from './emit.ts';

export type RoutingKind = Extract<AssignmentKind, 'round_robin' | 'least_loaded' | 'offline_reassign'>;

export type AssignConversationInput = {
  tenantId: string;
  /** As the caller read it in this transaction (the router: locked). */
  conversation: Pick<ConversationRow, 'id' | 'queueId' | 'assignedOperatorId'>;
  /** null: back to the queue's waiting line. */
  to: string | null;
  reason: string | null;
  actor: Actor;
  /**
   * The router's kind of move; its target is a locked, active member already.
   * Absent for a person: the kind follows from the move and the target is checked.
   */
  routing?: RoutingKind;
};

export type AssignConversationResult = {
  /** The row after the move; undefined when nothing changed (already theirs). */
  conversation: ConversationRow | undefined;
  kind: AssignmentKind;
};

export async function assignConversation(
  tx: Tx,
  emit: Emit,
  input: AssignConversationInput,
): Promise<AssignConversationResult> {
  const { tenantId, conversation: current, to, reason, actor } = input;
  const from = current.assignedOperatorId;
  const kind: AssignmentKind = input.routing ?? (to === null ? 'unassign' : from === null ? 'manual' : 'transfer');
  if (!input.routing) {
    await checkAssignee(tx, tenantId, to);
    if (from === to) return { conversation: undefined, kind };
  }
  const row = await writeAssignment(tx, tenantId, {
    conversationId: current.id,
    from,
    to,
    kind,
    reason,
    assignedBy: actor.operatorId,
  });
  await recordAudit(tx, tenantId, {
    operatorId: actor.operatorId,
    ip: actor.ip,
    action: 'conversation.assign',
    targetType: 'conversation',
    targetId: current.id,
    details: { from, to, kind, reason },
  });
  await emit({
    type: 'conversation.assigned',
    conversationId: current.id,
    audience: conversationAudience(current, [to]),
    payload: { ...conversationPayload(row), operatorId: to, fromOperatorId: from, assignedBy: actor.operatorId, kind },
  });
  return { conversation: row, kind };
}
