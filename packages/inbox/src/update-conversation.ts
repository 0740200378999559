// Changing a conversation's workflow fields by hand: status, priority, funnel
// stage, snooze and attributes. Resolving in time meets the resolution SLA;
// reopening a resolved one restarts the SLA clocks. Whoever saw it gets
// conversation.updated. Fields left out keep their values; any status but
// snoozed clears the snooze.
import type { PatchConversationBody } from '@relay/contracts';
import {
  type ConversationRow,
  recordAudit,
  recordSlaMet,
  restartSlaAfterReopen,
  type Tx,
  updateConversationFields,
} from '@relay/db';
import { conversationAudience, conversationPayload } from '@relay/realtime';
import type { Actor } from './actor.ts';
import type { Emit } from './emit.ts';
import { notFound } from './inbox-error.ts';

export type UpdateConversationInput = {
  tenantId: string;
  /** Already read, and found visible to the actor, by the caller. */
  conversation: ConversationRow;
  changes: PatchConversationBody;
  actor: Actor;
};

/** The conversation after the change (and after an SLA restart). */
export async function updateConversation(tx: Tx, emit: Emit, input: UpdateConversationInput): Promise<ConversationRow> {
  const { tenantId, conversation: current, changes, actor } = input;
  const status = changes.status ?? current.status;
  let changed = await updateConversationFields(tx, tenantId, current.id, {
    status,
    priority: changes.priority ?? current.priority,
    stageId: changes.stageId === undefined ? current.stageId : changes.stageId,
    snoozedUntil: status === 'snoozed' ? (changes.snoozedUntil ?? current.snoozedUntil) : null,
    attributes: changes.attributes ?? {},
  });
  if (!changed) throw notFound('conversation');
  if (status === 'resolved' && current.status !== 'resolved') {
    await recordSlaMet(tx, tenantId, changed, 'resolution');
  } else if (status !== 'resolved' && current.status === 'resolved') {
    changed = await restartSlaAfterReopen(tx, tenantId, changed);
  }
  await recordAudit(tx, tenantId, {
    operatorId: actor.operatorId,
    ip: actor.ip,
    action: 'conversation.update',
    targetType: 'conversation',
    targetId: current.id,
    details: changes,
  });
  await emit({
    type: 'conversation.updated',
    conversationId: current.id,
    audience: conversationAudience(current),
    payload: conversationPayload(changed),
  });
  return changed;
}
