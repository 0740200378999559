'use client';
// The inbox's view and filters read from, and written to, the URL. Writes use
// the native history.replaceState, which Next's router follows without a
// server round trip (typing a search must not make one history entry per
// letter). Until the router catches up, the written state is shown at once,
// so a tab, a box or a select never snaps back for a moment; each write
// starts from the latest written state, so a debounced search and a click in
// between cannot undo each other.
import { useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { InboxView } from './conversation-filters.ts';
import { type ConversationFilters, filtersFromParams, inboxSearch, viewFromParams } from './conversation-filters.ts';

export function useInboxFilters() {
  const urlSearch = useSearchParams().toString();
  const [written, setWritten] = useState<string | null>(null);
  const latest = useRef<string | null>(null);
  // Whatever the URL becomes (our write arriving, Back, a row's link) is the truth from then on.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the effect exists to run when the URL changes
  useEffect(() => {
    latest.current = null;
    setWritten(null);
  }, [urlSearch]);

  const search = written ?? urlSearch;
  const params = useMemo(() => new URLSearchParams(search), [search]);
  const view = viewFromParams(params);
  const filters = useMemo(() => filtersFromParams(params), [params]);

  const write = useCallback(
    (change: (view: InboxView, filters: ConversationFilters) => [InboxView, ConversationFilters]) => {
      const base = new URLSearchParams(latest.current ?? window.location.search);
      const [nextView, nextFilters] = change(viewFromParams(base), filtersFromParams(base));
      const next = inboxSearch(base.toString(), nextView, nextFilters);
      latest.current = next;
      setWritten(next);
      window.history.replaceState(null, '', `${window.location.pathname}${next ? `?${next}` : ''}`);
    },
    [],
  );
  const setView = useCallback((next: InboxView) => write((_, f) => [next, f]), [write]);
  const setFilters = useCallback(
    (change: Partial<ConversationFilters>) => write((v, f) => [v, { ...f, ...change }]),
    [write],
  );
  const clearFilters = useCallback(() => write((v) => [v, {}]), [write]);
  /** A row's link: this view and these filters, with the conversation open. */
  const rowHref = useCallback(
    (id: string) => {
      const next = new URLSearchParams(search);
      next.set('c', id);
      return `/inbox?${next.toString()}`;
    },
    [search],
  );

  return { view, filters, setView, setFilters, clearFilters, rowHref };
}
