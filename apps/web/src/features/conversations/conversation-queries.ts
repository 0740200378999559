// The conversations feature's query factory: every key and fetch of the inbox
// list and of one conversation. Realtime updates and mutations reach the
// cache only through these keys (see conversation-cache.ts).
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import { type ConversationFilters, compact, filterQuery } from './conversation-filters.ts';
import type { ConversationDetail, ConversationPage, InboxView } from './conversation-types.ts';

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
