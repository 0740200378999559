// What a conversation's events carry and who may see them: shared by every
// writer (the API, the worker's routing and SLA engine).
import type { ConversationRow, EventAudience } from '@relay/db';

/** The queue's members and the assignee (and whoever else is named) see a conversation's events. */
export function conversationAudience(
  conversation: Pick<ConversationRow, 'queueId' | 'assignedOperatorId'>,
  also: (string | null)[] = [],
): EventAudience {
  const operatorIds = [conversation.assignedOperatorId, ...also].filter((id): id is string => Boolean(id));
  return { queueId: conversation.queueId, operatorIds: [...new Set(operatorIds)] };
}

/** The conversation fields a screen needs to update its list row without a refetch. */
export function conversationPayload(conversation: ConversationRow) {
  const { attributes: _attributes, ...fields } = conversation;
  return { conversationId: conversation.id, conversation: fields };
}
