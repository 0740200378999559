// Owns read marks: how far each operator has read each conversation.
import type { Queryable, Tx } from '../create-db.ts';

/**
 * The message a read mark points at: `messageId` when it is a message of the
 * conversation (undefined when it is not), else the newest message (null when
 * the conversation has none).
 */
export async function readMarkTarget(
  tx: Queryable,
  tenantId: string,
  conversationId: string,
  messageId: string | undefined,
): Promise<string | null | undefined> {
  const [message] = await tx<{ id: string }[]>`
    select id from messages where tenant_id = ${tenantId} and conversation_id = ${conversationId}
       ${messageId ? tx`and id = ${messageId}` : tx``}
     order by created_at desc, id desc limit 1`;
  if (messageId) return message?.id;
  return message?.id ?? null;
}

export async function markConversationRead(
  tx: Tx,
  tenantId: string,
  mark: { conversationId: string; operatorId: string; lastReadMessageId: string | null },
): Promise<void> {
  await tx`
    insert into conversation_reads (tenant_id, conversation_id, operator_id, last_read_message_id, read_at)
    values (${tenantId}, ${mark.conversationId}, ${mark.operatorId}, ${mark.lastReadMessageId}, now())
    on conflict (tenant_id, conversation_id, operator_id)
    do update set last_read_message_id = excluded.last_read_message_id, read_at = now()`;
}
