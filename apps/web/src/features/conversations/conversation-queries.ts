// The conversations feature's query factory: every key and fetch of the inbox
// list and of one conversation. Realtime updates and mutations reach the
// cache only through these keys (see conversation-cache.ts).
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import type { ConversationDetail, ConversationPage, InboxView } from './conversation-types.ts';

const PAGE_SIZE = 30;

export const conversationQueries = {
  all: () => ['conversations'] as const,
  lists: () => [...conversationQueries.all(), 'list'] as const,
  list: (view: InboxView) =>
    infiniteQueryOptions({
      queryKey: [...conversationQueries.lists(), view] as const,
      queryFn: ({ pageParam }) =>
        api<ConversationPage>('/conversations', { query: { view, limit: PAGE_SIZE, cursor: pageParam } }),
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
