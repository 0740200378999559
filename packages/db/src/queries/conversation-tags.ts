// Owns which tags a conversation carries (conversation_tags); the tags
// themselves are tags.ts.
import type { Queryable, Tx } from '../create-db.ts';

export type ConversationTag = { id: string; name: string; color: string };

/** The conversation's tags, by name. */
export async function listConversationTags(
  tx: Queryable,
  tenantId: string,
  conversationId: string,
): Promise<ConversationTag[]> {
  return tx<ConversationTag[]>`
    select t.id, t.name, t.color
      from conversation_tags ct join tags t on t.tenant_id = ct.tenant_id and t.id = ct.tag_id
     where ct.tenant_id = ${tenantId} and ct.conversation_id = ${conversationId}
     order by t.name`;
}

/** Makes the conversation's tag set exactly `tagIds` (distinct, existing); tags that stay are not rewritten. */
export async function replaceConversationTags(tx: Tx, tenantId: string, conversationId: string, tagIds: string[]) {
  await tx`delete from conversation_tags where tenant_id = ${tenantId} and conversation_id = ${conversationId}
             and not (tag_id = any(${tagIds}))`;
  if (tagIds.length === 0) return;
  await tx`
    insert into conversation_tags (tenant_id, conversation_id, tag_id)
    select ${tenantId}, ${conversationId}, unnest(${tagIds}::uuid[])
    on conflict do nothing`;
}
