// What each realtime event does to the cache. Only setQueryData and
// invalidateQueries, and only with keys of the feature query factories (via
// their cache helpers), so a live screen shows what a refetch would.
import type { Conversation, EventConversation, EventMessage, RelayEnvelope } from '@relay/contracts';
import type { QueryClient } from '@tanstack/react-query';
import { conversationQueries } from '../../data/conversations.ts';
import { meQueries } from '../../data/me.ts';
import { threadQueries } from '../../data/messages.ts';
import { operatorQueries } from '../../data/operators.ts';
import {
  invalidateLists,
  isListed,
  mergeConversation,
  updateConversation,
} from '../conversations/conversation-cache.ts';
import { addNote, patchMessage, upsertMessage } from '../thread/thread-cache.ts';

export type EventContext = { operatorId: string };

/** The envelope comes parsed by the realtime client (relayEnvelope): `type` narrows `data`. */
export function applyEvent(queryClient: QueryClient, envelope: RelayEnvelope, context: EventContext): void {
  switch (envelope.type) {
    case 'message.created': {
      const { message, conversation } = envelope.data;
      messageCreated(queryClient, message);
      // An inbound message carries its conversation's new state (no conversation.updated follows).
      if (conversation) conversationChanged(queryClient, conversation);
      return;
    }
    case 'message.updated': {
      const { conversationId, messageId, status, error, content } = envelope.data;
      patchMessage(queryClient, conversationId, messageId, {
        ...(status !== undefined ? { status } : {}),
        ...(error !== undefined ? { error } : {}),
        ...(typeof content === 'string' ? { content } : {}),
      });
      return;
    }
    case 'conversation.created':
      // The event lacks the list's joined fields (channel, preview, unread): refetch the lists.
      void invalidateLists(queryClient);
      return;
    case 'conversation.updated':
    case 'conversation.assigned':
    case 'sla.warning':
    case 'sla.breached': {
      // A tag change or a client merge carries no conversation row: refetch what shows it.
      const { conversation, conversationId } = envelope.data;
      if (conversation) conversationChanged(queryClient, conversation);
      else refetchConversation(queryClient, conversationId);
      return;
    }
    case 'note.created':
      addNote(queryClient, envelope.data.note);
      return;
    case 'operator.updated':
      void queryClient.invalidateQueries({ queryKey: operatorQueries.all().queryKey });
      if (envelope.data.operatorId === context.operatorId) {
        void queryClient.invalidateQueries({ queryKey: meQueries.me().queryKey });
      }
      return;
  }
}

function refetchConversation(queryClient: QueryClient, conversationId: string) {
  void invalidateLists(queryClient);
  void queryClient.invalidateQueries({ queryKey: conversationQueries.detail(conversationId).queryKey });
  void queryClient.invalidateQueries({ queryKey: threadQueries.messages(conversationId).queryKey });
}

function messageCreated(queryClient: QueryClient, message: EventMessage) {
  upsertMessage(queryClient, message);
  if (!isListed(queryClient, message.conversationId)) return;
  updateConversation(queryClient, message.conversationId, (item) => ({
    ...item,
    lastMessageAt: message.createdAt > item.lastMessageAt ? message.createdAt : item.lastMessageAt,
    lastMessageContent: message.content,
    lastMessageDirection: message.direction,
    lastMessageType: message.type,
    unreadCount: message.direction === 'inbound' ? item.unreadCount + 1 : item.unreadCount,
  }));
}

function conversationChanged(queryClient: QueryClient, conversation: EventConversation) {
  const before = cachedItem(queryClient, conversation.id);
  updateConversation(queryClient, conversation.id, mergeConversation(conversation));
  // Which views hold it (mine / unassigned, open / resolved) may have changed: let the server say.
  const moved =
    !before ||
    before.assignedOperatorId !== conversation.assignedOperatorId ||
    before.status !== conversation.status ||
    before.queueId !== conversation.queueId;
  if (moved) void invalidateLists(queryClient);
}

function cachedItem(queryClient: QueryClient, id: string): Conversation | undefined {
  const detail = queryClient.getQueryData(conversationQueries.detail(id).queryKey);
  if (detail) return detail;
  for (const [, data] of queryClient.getQueriesData<{ pages: { items: Conversation[] }[] }>({
    queryKey: conversationQueries.lists(),
  })) {
    const found = data?.pages.flatMap((page) => page.items).find((item) => item.id === id);
    if (found) return found;
  }
  return undefined;
}
