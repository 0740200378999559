// Owns moving a conversation to another queue in one step: the row (queue,
// assignee), its assignment-history row (kind 'transfer'), and the SLA policy
// picked again for the new queue. Who may do it, and the events, are the
// caller's.
import type { Tx } from '../create-db.ts';
import type { ConversationRow } from './conversations.ts';
import { repickSlaAfterTransfer } from './sla.ts';

export type TransferInput = {
  conversationId: string;
  queueId: string;
  /** Who in the new queue gets it; null leaves it in the queue's waiting line. */
  operatorId: string | null;
  /** null: the system. */
  assignedBy: string | null;
  reason: string | null;
};

export type TransferResult = { before: ConversationRow; after: ConversationRow };

/** Undefined when the conversation does not exist. The row is locked before it is read. */
export async function writeTransfer(
  tx: Tx,
  tenantId: string,
  input: TransferInput,
): Promise<TransferResult | undefined> {
  const [before] = await tx<ConversationRow[]>`
    select * from conversations where tenant_id = ${tenantId} and id = ${input.conversationId}
       for no key update`;
  if (!before) return undefined;
  const [moved] = await tx<ConversationRow[]>`
    update conversations set queue_id = ${input.queueId}, assigned_operator_id = ${input.operatorId},
           status = case when status = 'new' and ${input.operatorId}::uuid is not null then 'open' else status end
     where tenant_id = ${tenantId} and id = ${input.conversationId}
    returning *`;
  await tx`
    insert into assignments (tenant_id, conversation_id, operator_id, from_operator_id, assigned_by, kind, reason)
    values (${tenantId}, ${input.conversationId}, ${input.operatorId}, ${before.assignedOperatorId},
            ${input.assignedBy}, 'transfer', ${input.reason})`;
  const after =
    before.queueId === input.queueId
      ? (moved as ConversationRow)
      : await repickSlaAfterTransfer(tx, tenantId, moved as ConversationRow);
  return { before, after };
}
