// What each realtime event does to the cache. Only setQueryData and
// invalidateQueries, and only with keys of the feature query factories (via
// their cache helpers), so a live screen shows what a refetch would.
import type { EventEnvelope } from '@relay/contracts';
import type { QueryClient } from '@tanstack/react-query';
import {
  invalidateLists,
  isListed,
  mergeConversation,
  updateConversation,
} from '../conversations/conversation-cache.ts';
import { conversationQueries } from '../conversations/conversation-queries.ts';
import type { Conversation } from '../conversations/conversation-types.ts';
import { meQueries } from '../me/me-queries.ts';
import { operatorQueries } from '../operators/operator-queries.ts';
import { addNote, patchMessage, upsertMessage } from '../thread/thread-cache.ts';
import { threadQueries } from '../thread/thread-queries.ts';
import type { Message, Note } from '../thread/thread-types.ts';

export type EventContext = { operatorId: string };

export function applyEvent(queryClient: QueryClient, envelope: EventEnvelope, context: EventContext): void {
  const data = envelope.data;
  const conversationId = typeof data.conversationId === 'string' ? data.conversationId : undefined;
  switch (envelope.type) {
    case 'message.created':
      // Events written by the demo seed carry only ids: then the thread and lists are refetched.
      if (isObject(data.message)) messageCreated(queryClient, data.message as Message);
      else if (conversationId) refetchConversation(queryClient, conversationId);
      // An inbound message carries its conversation's new state (no conversation.updated follows).
      if (isObject(data.conversation)) conversationChanged(queryClient, data.conversation as Conversation);
      return;
    case 'message.updated':
      if (!conversationId || typeof data.messageId !== 'string') return;
      patchMessage(queryClient, conversationId, data.messageId, {
        ...(typeof data.status === 'string' ? { status: data.status as Message['status'] } : {}),
        ...('error' in data ? { error: (data.error as string | null) ?? null } : {}),
        ...(typeof data.content === 'string' ? { content: data.content } : {}),
      });
      return;
    case 'conversation.created':
      // The event lacks the list's joined fields (channel, preview, unread): refetch the lists.
      void invalidateLists(queryClient);
      return;
    case 'conversation.updated':
    case 'conversation.assigned':
    case 'sla.warning':
    case 'sla.breached':
      if (isObject(data.conversation)) conversationChanged(queryClient, data.conversation as Conversation);
      else if (conversationId) refetchConversation(queryClient, conversationId);
      return;
    case 'note.created':
      if (isObject(data.note)) addNote(queryClient, data.note as Note);
      return;
    case 'operator.updated':
      void queryClient.invalidateQueries({ queryKey: operatorQueries.all().queryKey });
      if (data.operatorId === context.operatorId) {
        void queryClient.invalidateQueries({ queryKey: meQueries.me().queryKey });
      }
      return;
    default:
      return;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function refetchConversation(queryClient: QueryClient, conversationId: string) {
  void invalidateLists(queryClient);
  void queryClient.invalidateQueries({ queryKey: conversationQueries.detail(conversationId).queryKey });
  void queryClient.invalidateQueries({ queryKey: threadQueries.messages(conversationId).queryKey });
}

function messageCreated(queryClient: QueryClient, message: Message) {
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

function conversationChanged(queryClient: QueryClient, conversation: Conversation) {
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
