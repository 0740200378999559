// Who may see a conversation and what its events carry. The visibility rule
// itself lives with the queries (@relay/db conversation-views).
import type { ConversationRow, EventAudience, Viewer } from '@relay/db';
import type { Principal } from '../../auth/authenticate.ts';
import { isSupervisor } from '../../auth/authenticate.ts';

export function viewerOf(me: Principal): Viewer {
  // An API key works for the whole workspace, like a supervisor.
  return { operatorId: me.operatorId, seesAll: isSupervisor(me.role) || Boolean(me.apiKey) };
}

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
