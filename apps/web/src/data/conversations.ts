// Conversations: every key and fetch of the inbox lists and of one
// conversation, and the writes an operator makes to one. Realtime updates and
// mutations reach the cache only through these keys (see
// features/conversations/conversation-cache.ts).
import { apiRoutes, type PatchConversationBody, type TransferBody } from '@relay/contracts';
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import {
  type ConversationFilters,
  compact,
  filterQuery,
  type InboxView,
} from '../features/conversations/conversation-filters.ts';
import { call } from '../lib/api.ts';

const routes = apiRoutes.conversations;

const PAGE_SIZE = 30;

export const conversationQueries = {
  all: () => ['conversations'] as const,
  lists: () => [...conversationQueries.all(), 'list'] as const,
  /** One view with its filters; every filtered list sits under lists(), so invalidating that refetches them all. */
  list: (view: InboxView, filters: ConversationFilters = {}) =>
    infiniteQueryOptions({
      queryKey: [...conversationQueries.lists(), view, compact(filters)] as const,
      queryFn: ({ pageParam }) =>
        call(routes.listConversations, {
          query: { view, ...filterQuery(filters), limit: PAGE_SIZE, cursor: pageParam },
        }),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: (last) => last.nextCursor ?? undefined,
    }),
  details: () => [...conversationQueries.all(), 'detail'] as const,
  detail: (id: string) =>
    queryOptions({
      queryKey: [...conversationQueries.details(), id] as const,
      queryFn: () => call(routes.getConversation, { params: { id } }),
    }),
};

export const conversationRequests = {
  patch: (id: string, body: PatchConversationBody) => call(routes.updateConversation, { params: { id }, body }),
  assign: (id: string, operatorId: string | null) =>
    call(routes.assignConversation, { params: { id }, body: { operatorId } }),
  transfer: (id: string, body: TransferBody) => call(routes.transferConversation, { params: { id }, body }),
  setTags: (id: string, tagIds: string[]) => call(routes.replaceConversationTags, { params: { id }, body: { tagIds } }),
  /** Marks it read; a failure here must not disturb the thread. */
  markRead: (id: string) => call(routes.markConversationRead, { params: { id }, body: {} }).catch(() => undefined),
};
