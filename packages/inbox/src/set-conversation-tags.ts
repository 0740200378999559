// Replacing a conversation's tag set with exactly the tags given (each must
// exist in the workspace); whoever sees the conversation gets its new tags in
// conversation.updated.
import {
  type ConversationRow,
  type ConversationTag,
  listTagsByIds,
  recordAudit,
  replaceConversationTags,
  type Tx,
} from '@relay/db';
import { conversationAudience } from '@relay/realtime';
import type { Actor } from './actor.ts';
import type { Emit } from './emit.ts';
import { InboxError } from './inbox-error.ts';

export type SetConversationTagsInput = {
  tenantId: string;
  /** Already read, and found visible to the actor, by the caller. */
  conversation: Pick<ConversationRow, 'id' | 'queueId' | 'assignedOperatorId'>;
  tagIds: string[];
  actor: Actor;
};

/** The conversation's tags now, by name. */
export async function setConversationTags(
  tx: Tx,
  emit: Emit,
  input: SetConversationTagsInput,
): Promise<ConversationTag[]> {
  const { tenantId, conversation, actor } = input;
  const wanted = [...new Set(input.tagIds)];
  const tags = await listTagsByIds(tx, tenantId, wanted);
  if (tags.length !== wanted.length) throw new InboxError('unprocessable', 'a tag does not exist');
  await replaceConversationTags(tx, tenantId, conversation.id, wanted);
  await recordAudit(tx, tenantId, {
    operatorId: actor.operatorId,
    ip: actor.ip,
    action: 'conversation.tags',
    targetType: 'conversation',
    targetId: conversation.id,
    details: { tagIds: wanted },
  });
  await emit({
    type: 'conversation.updated',
    conversationId: conversation.id,
    audience: conversationAudience(conversation),
    payload: { conversationId: conversation.id, tags },
  });
  return tags;
}
