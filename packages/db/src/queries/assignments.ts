// Owns the assignment write: the conversation's assignee and its history row,
// the same for a person's assignment and the router's.
import type { Tx } from '../create-db.ts';
import type { ConversationRow } from './conversations.ts';

export type AssignmentKind = 'manual' | 'round_robin' | 'least_loaded' | 'transfer' | 'unassign' | 'offline_reassign';

/**
 * Moves a conversation to `to` (null: back to its queue) and writes the
 * history row; assignedBy null is the system. A new conversation that gets
 * an assignee becomes open.
 */
export async function writeAssignment(
  tx: Tx,
  tenantId: string,
  input: {
    conversationId: string;
    from: string | null;
    to: string | null;
    kind: AssignmentKind;
    reason: string | null;
    assignedBy: string | null;
  },
): Promise<ConversationRow> {
  const [row] = await tx<ConversationRow[]>`
    update conversations set assigned_operator_id = ${input.to},
           status = case when status = 'new' and ${input.to}::uuid is not null then 'open' else status end
     where tenant_id = ${tenantId} and id = ${input.conversationId}
    returning *`;
  if (!row) throw new Error(`conversation ${input.conversationId} not found`);
  await tx`
    insert into assignments (tenant_id, conversation_id, operator_id, from_operator_id, assigned_by, kind, reason)
    values (${tenantId}, ${input.conversationId}, ${input.to}, ${input.from}, ${input.assignedBy}, ${input.kind},
            ${input.reason})`;
  return row;
}
