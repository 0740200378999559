// A conversation's thread: its messages (pages newest first, older pages
// loaded on scroll up) and its internal notes, and the writes that add to it.
// Realtime events and mutations reach the cache only through these keys (see
// features/thread/thread-cache.ts).
import { apiRoutes, type Message, type SendMessageBody } from '@relay/contracts';
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { call } from '../lib/api.ts';
import type { BodyOf } from './crud.ts';

const routes = apiRoutes.conversations;

const PAGE_SIZE = 50;

export const threadQueries = {
  messages: (conversationId: string) =>
    infiniteQueryOptions({
      queryKey: ['thread', conversationId, 'messages'] as const,
      queryFn: ({ pageParam }) =>
        call(routes.listMessages, { params: { id: conversationId }, query: { limit: PAGE_SIZE, before: pageParam } }),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: (last) => last.nextCursor ?? undefined,
    }),
  notes: (conversationId: string) =>
    queryOptions({
      queryKey: ['thread', conversationId, 'notes'] as const,
      queryFn: () => call(routes.listNotes, { params: { id: conversationId } }),
    }),
};

export const threadRequests = {
  // An idempotent create: a first send answers 201, a repeat of its clientMessageId 200; either way the message.
  send: (conversationId: string, body: Pick<SendMessageBody, 'content' | 'clientMessageId'>): Promise<Message> =>
    call(routes.sendMessage, { params: { id: conversationId }, body }),
  retry: (conversationId: string, messageId: string) =>
    call(routes.retryMessage, { params: { id: conversationId, messageId }, body: {} }),
  addNote: (conversationId: string, body: BodyOf<typeof routes.createNote>) =>
    call(routes.createNote, { params: { id: conversationId }, body }),
};
