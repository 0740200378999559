// Writes to the cached inbox lists and conversation details, by the keys of
// data/conversations.ts: what realtime events and mutations change.
import type { apiRoutes, ConversationItem, EventConversation, ResponseOutput } from '@relay/contracts';
import type { InfiniteData, QueryClient } from '@tanstack/react-query';
import { conversationQueries } from '../../data/conversations.ts';

type ListData = InfiniteData<ResponseOutput<typeof apiRoutes.conversations.listConversations>, string | undefined>;

/** Whether any cached list holds the conversation. */
export function isListed(queryClient: QueryClient, id: string): boolean {
  return queryClient
    .getQueriesData<ListData>({ queryKey: conversationQueries.lists() })
    .some(([, data]) => data?.pages.some((page) => page.items.some((item) => item.id === id)));
}

/** Changes the conversation's row in every cached list (and its detail), keeping lists ordered by last message. */
export function updateConversation(
  queryClient: QueryClient,
  id: string,
  change: (item: ConversationItem) => ConversationItem,
): void {
  queryClient.setQueriesData<ListData>({ queryKey: conversationQueries.lists() }, (data) => {
    if (!data?.pages.some((page) => page.items.some((item) => item.id === id))) return data;
    return reorder({
      ...data,
      pages: data.pages.map((page) => ({
        ...page,
        items: page.items.map((item) => (item.id === id ? change(item) : item)),
      })),
    });
  });
  queryClient.setQueryData<ConversationItem>(conversationQueries.detail(id).queryKey, (detail) =>
    detail ? { ...detail, ...change(detail) } : detail,
  );
}

/** The row fields of an event's conversation merged over the cached item (list-only fields stay). */
export function mergeConversation(conversation: EventConversation) {
  return (item: ConversationItem): ConversationItem => ({ ...item, ...conversation });
}

/**
 * Refetches every cached list: each view with each set of filters sits under
 * lists(). This is how a row leaves a filtered list it no longer matches (a
 * new status, assignee, queue or tag set) and joins one it now does: the
 * server applies the filters, the cache never guesses at them.
 */
export function invalidateLists(queryClient: QueryClient): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: conversationQueries.lists() });
}

/**
 * Newest first across the loaded pages, page sizes kept: a row that moved up
 * from a later page takes its place at the top, the rest shift down.
 */
function reorder(data: ListData): ListData {
  const sizes = data.pages.map((page) => page.items.length);
  const sorted = data.pages
    .flatMap((page) => page.items)
    .sort((a, b) => compare(b.lastMessageAt, a.lastMessageAt) || compare(b.id, a.id));
  let start = 0;
  return {
    ...data,
    pages: data.pages.map((page, index) => {
      const size = sizes[index] ?? 0;
      const items = sorted.slice(start, start + size);
      start += size;
      return { ...page, items };
    }),
  };
}

// ISO timestamps order as plain strings; localeCompare might ignore their punctuation.
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
