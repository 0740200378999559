// Conversations: every key and fetch of the inbox lists and of one
// conversation, and the writes an operator makes to one. Realtime updates and
// mutations reach the cache only through these keys (see
// features/conversations/conversation-cache.ts).
import type { PatchConversationBody, TransferBody } from '@relay/contracts';
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { type ConversationFilters, compact, filterQuery } from '../features/conversations/conversation-filters.ts';
import type {
  Conversation,
  ConversationDetail,
  ConversationItem,
  ConversationPage,
  ConversationTag,
  InboxView,
} from '../features/conversations/conversation-types.ts';
import { api } from '../lib/api.ts';

const PAGE_SIZE = 30;

export const conversationQueries = {
  all: () => ['conversations'] as const,
  lists: () => [...conversationQueries.all(), 'list'] as const,
  /** One view with its filters; every filtered list sits under lists(), so invalidating that refetches them all. */
  list: (view: InboxView, filters: ConversationFilters = {}) =>
    infiniteQueryOptions({
      queryKey: [...conversationQueries.lists(), view, compact(filters)] as const,
      queryFn: ({ pageParam }) =>
        api<ConversationPage>('/conversations', {
          query: { view, ...filterQuery(filters), limit: PAGE_SIZE, cursor: pageParam },
        }),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: (last) => last.nextCursor ?? undefined,
    }),
  details: () => [...conversationQueries.all(), 'detail'] as const,
  detail: (id: string) =>
    queryOptions({
      queryKey: [...conversationQueries.details(), id] as const,
      queryFn: () => api<ConversationDetail>(`/conversations/${id}`),
    }),
};

export const conversationRequests = {
  patch: (id: string, body: PatchConversationBody) =>
    api<ConversationItem>(`/conversations/${id}`, { method: 'PATCH', body }),
  assign: (id: string, operatorId: string | null) =>
    api<Conversation>(`/conversations/${id}/assign`, { method: 'POST', body: { operatorId } }),
  transfer: (id: string, body: TransferBody) =>
    api<Conversation>(`/conversations/${id}/transfer`, { method: 'POST', body }),
  setTags: (id: string, tagIds: string[]) =>
    api<{ items: ConversationTag[] }>(`/conversations/${id}/tags`, { method: 'PUT', body: { tagIds } }),
  /** Marks it read; a failure here must not disturb the thread. */
  markRead: (id: string) => api(`/conversations/${id}/read`, { method: 'POST', body: {} }).catch(() => undefined),
};
