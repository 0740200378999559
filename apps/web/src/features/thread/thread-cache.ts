// Writes to a cached thread by the keys of data/messages.ts: a message added
// (live, sent, or optimistic), a message changed, a note added. A message is
// one row however often it arrives: the same id, or the same clientMessageId
// as an optimistic row, replaces what is there.
import type { apiRoutes, Message, MessageStatus, Note, ResponseOutput } from '@relay/contracts';
import type { InfiniteData, QueryClient } from '@tanstack/react-query';
import { threadQueries } from '../../data/messages.ts';

type ThreadData = InfiniteData<ResponseOutput<typeof apiRoutes.conversations.listMessages>, string | undefined>;

// A stale answer (the POST reply saying pending) must not undo a newer status from an event.
const PROGRESS: Record<MessageStatus, number> = { pending: 0, sent: 1, delivered: 2, read: 3, failed: 1 };

export function upsertMessage(queryClient: QueryClient, message: Message): void {
  queryClient.setQueryData<ThreadData>(threadQueries.messages(message.conversationId).queryKey, (data) => {
    if (!data) return data;
    const same = (item: Message) =>
      item.id === message.id || (message.clientMessageId !== null && item.clientMessageId === message.clientMessageId);
    const existing = data.pages.flatMap((page) => page.items).find(same);
    const next =
      existing && PROGRESS[existing.status] > PROGRESS[message.status] ? { ...message, ...pick(existing) } : message;
    if (existing) {
      return {
        ...data,
        pages: data.pages.map((page) => ({ ...page, items: page.items.map((item) => (same(item) ? next : item)) })),
      };
    }
    const [first, ...rest] = data.pages;
    if (!first) return data;
    // Pages hold newest first; a new message goes to the top of the newest page.
    return { ...data, pages: [{ ...first, items: [next, ...first.items] }, ...rest] };
  });
}

function pick(message: Message) {
  return { status: message.status, error: message.error };
}

export function patchMessage(
  queryClient: QueryClient,
  conversationId: string,
  messageId: string,
  change: Partial<Pick<Message, 'status' | 'error' | 'content'>>,
): void {
  queryClient.setQueryData<ThreadData>(threadQueries.messages(conversationId).queryKey, (data) =>
    data
      ? {
          ...data,
          pages: data.pages.map((page) => ({
            ...page,
            items: page.items.map((item) => (item.id === messageId ? { ...item, ...change } : item)),
          })),
        }
      : data,
  );
}

export function removeMessage(queryClient: QueryClient, conversationId: string, messageId: string): void {
  queryClient.setQueryData<ThreadData>(threadQueries.messages(conversationId).queryKey, (data) =>
    data
      ? {
          ...data,
          pages: data.pages.map((page) => ({ ...page, items: page.items.filter((item) => item.id !== messageId) })),
        }
      : data,
  );
}

export function addNote(queryClient: QueryClient, note: Note): void {
  queryClient.setQueryData<{ items: Note[] }>(threadQueries.notes(note.conversationId).queryKey, (data) =>
    data && !data.items.some((item) => item.id === note.id) ? { items: [...data.items, note] } : data,
  );
}
