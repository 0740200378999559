// The thread feature's query factory: a conversation's messages (pages newest
// first, older pages loaded on scroll up) and its internal notes.
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import type { MessagePage, Note } from './thread-types.ts';

const PAGE_SIZE = 50;

export const threadQueries = {
  messages: (conversationId: string) =>
    infiniteQueryOptions({
      queryKey: ['thread', conversationId, 'messages'] as const,
      queryFn: ({ pageParam }) =>
        api<MessagePage>(`/conversations/${conversationId}/messages`, {
          query: { limit: PAGE_SIZE, before: pageParam },
        }),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: (last) => last.nextCursor ?? undefined,
    }),
  notes: (conversationId: string) =>
    queryOptions({
      queryKey: ['thread', conversationId, 'notes'] as const,
      queryFn: () => api<{ items: Note[] }>(`/conversations/${conversationId}/notes`),
    }),
};
