// A conversation's thread: its messages (pages newest first, older pages
// loaded on scroll up) and its internal notes, and the writes that add to it.
// Realtime events and mutations reach the cache only through these keys (see
// features/thread/thread-cache.ts).
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import type { Message, MessagePage, Note } from '../features/thread/thread-types.ts';
import { api } from '../lib/api.ts';

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

export const threadRequests = {
  send: (conversationId: string, body: { content: string; clientMessageId: string }) =>
    api<Message>(`/conversations/${conversationId}/messages`, { method: 'POST', body }),
  retry: (conversationId: string, messageId: string) =>
    api<Message>(`/conversations/${conversationId}/messages/${messageId}/retry`, { method: 'POST', body: {} }),
  addNote: (conversationId: string, body: { content: string; mentions: string[] }) =>
    api<Note>(`/conversations/${conversationId}/notes`, { method: 'POST', body }),
};
