'use client';
// The middle pane: Mine / Unassigned / All tabs and the filter bar over an
// infinite list of conversations, newest activity first; the next page loads
// as the end of the list scrolls into view. View and filters live in the URL.
import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { conversationQueries } from '../../data/conversations.ts';
import { errorText } from '../../lib/api.ts';
import { useNow } from '../../lib/use-now.ts';
import type { InboxView } from './conversation-filters.ts';
import { isFiltered } from './conversation-filters.ts';
import styles from './conversation-list.module.css';
import { ConversationRow } from './conversation-row.tsx';
import { FilterBar } from './filter-bar.tsx';
import { useInboxFilters } from './use-inbox-filters.ts';

const TABS: { view: InboxView; label: string }[] = [
  { view: 'mine', label: 'Mine' },
  { view: 'unassigned', label: 'Unassigned' },
  { view: 'all', label: 'All' },
];

const EMPTY: Record<InboxView, string> = {
  mine: 'Nothing assigned to you right now.',
  unassigned: 'No conversations are waiting for an operator.',
  all: 'No open conversations.',
};

export function ConversationList({ selectedId }: { selectedId: string | null }) {
  const { view, filters, setView, setFilters, clearFilters, rowHref } = useInboxFilters();
  const list = useInfiniteQuery(conversationQueries.list(view, filters));
  const now = useNow(5000);
  const sentinel = useRef<HTMLDivElement>(null);
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];

  const { hasNextPage, isFetchingNextPage, fetchNextPage } = list;
  useEffect(() => {
    const target = sentinel.current;
    if (!target || !hasNextPage) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting) && !isFetchingNextPage) void fetchNextPage();
    });
    observer.observe(target);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  return (
    <section className={styles.pane} aria-label="Inbox">
      <div className={styles.tabs} role="tablist" aria-label="Views">
        {TABS.map((tab) => (
          <button
            key={tab.view}
            type="button"
            role="tab"
            id={`tab-${tab.view}`}
            aria-selected={view === tab.view}
            aria-controls="conversation-list"
            className={styles.tab}
            onClick={() => setView(tab.view)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      <FilterBar filters={filters} onChange={setFilters} onClear={clearFilters} />
      <div className={styles.scroller} id="conversation-list" role="tabpanel" aria-labelledby={`tab-${view}`}>
        {list.isPending ? <p className={styles.placeholder}>Loading conversations…</p> : null}
        {list.isError ? (
          <div role="alert" className={styles.error}>
            <p>Could not load conversations: {errorText(list.error)}</p>
            <button type="button" onClick={() => void list.refetch()}>
              Try again
            </button>
          </div>
        ) : null}
        {list.isSuccess && items.length === 0 ? (
          <p className={styles.placeholder}>
            {isFiltered(filters) ? 'No conversations match these filters' : EMPTY[view]}
          </p>
        ) : null}
        {/* biome-ignore lint/a11y/noRedundantRoles: Safari drops the list role of a styled ul. */}
        <ul role="list" aria-label="Conversations" className={styles.list}>
          {items.map((item) => (
            <ConversationRow
              key={item.id}
              item={item}
              selected={item.id === selectedId}
              now={now}
              href={rowHref(item.id)}
            />
          ))}
        </ul>
        <div ref={sentinel} className={styles.more}>
          {isFetchingNextPage ? 'Loading more…' : null}
          {list.isFetchNextPageError ? (
            <button type="button" onClick={() => void fetchNextPage()}>
              Could not load more. Try again
            </button>
          ) : null}
        </div>
      </div>
    </section>
  );
}
