// The inbox's filters in the URL and in the cache: what a URL says is checked
// and normalised (equal filters, equal query keys), the rest of the URL (?c=)
// is kept, and a realtime change takes a row out of a filtered list it no
// longer matches (the lists refetch; the cache does not guess).

import type { ConversationItem } from '@relay/contracts';
import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { conversationQueries } from '../src/data/conversations.ts';
import {
  filterQuery,
  filtersFromParams,
  inboxSearch,
  isFiltered,
  viewFromParams,
} from '../src/features/conversations/conversation-filters.ts';
import { applyEvent } from '../src/features/realtime/apply-event.ts';

const QUEUE = '3f1c2a9e-4b7d-4c1e-9a2b-5d6e7f8a9b0c';
const params = (search: string) => new URLSearchParams(search);

describe('inbox filters in the URL', () => {
  it('reads what is valid and drops what the API would refuse', () => {
    const read = filtersFromParams(params(`status=pending,bogus,open&queue=${QUEUE}&channel=fax&tag=nope&q=%20Zoe%20`));
    expect(read).toEqual({ statuses: ['open', 'pending'], queueId: QUEUE, q: 'Zoe' });
    expect(viewFromParams(params('view=all'))).toBe('all');
    expect(viewFromParams(params('view=everything'))).toBe('mine');
  });

  it('treats the API default statuses as no filter, so they make the same query key', () => {
    const asDefault = filtersFromParams(params('status=snoozed,new,open,pending'));
    expect(asDefault).toEqual({});
    expect(isFiltered(asDefault)).toBe(false);
    expect(conversationQueries.list('mine', asDefault).queryKey).toEqual(conversationQueries.list('mine').queryKey);
  });

  it('writes view and filters beside ?c= and asks the API with its parameter names', () => {
    const search = inboxSearch('c=abc&q=old', 'unassigned', {
      statuses: ['resolved'],
      channel: 'telegram',
      tagId: QUEUE,
    });
    expect(Object.fromEntries(params(search))).toEqual({
      c: 'abc',
      view: 'unassigned',
      status: 'resolved',
      channel: 'telegram',
      tag: QUEUE,
    });
    expect(inboxSearch('c=abc&view=all&status=open', 'mine', {})).toBe('c=abc');
    expect(filterQuery({ statuses: ['open', 'snoozed'], q: 'Zoe' })).toEqual({
      status: 'open,snoozed',
      queueId: undefined,
      channel: undefined,
      tag: undefined,
      q: 'Zoe',
    });
  });
});

describe('realtime changes and filtered lists', () => {
  const item = {
    id: 'c1',
    status: 'open',
    assignedOperatorId: 'op1',
    queueId: QUEUE,
    lastMessageAt: '2025-01-01T00:00:00.000Z',
  } as ConversationItem;

  function cacheWithOpenList() {
    const queryClient = new QueryClient();
    const list = conversationQueries.list('all', { statuses: ['open'] });
    queryClient.setQueryData(list.queryKey, { pages: [{ items: [item], nextCursor: null }], pageParams: [undefined] });
    return { queryClient, state: () => queryClient.getQueryState(list.queryKey) };
  }

  it('refetches a filtered list when a listed conversation changes status', () => {
    const { queryClient, state } = cacheWithOpenList();
    applyEvent(
      queryClient,
      {
        seq: 1,
        type: 'conversation.updated',
        tenantId: 't',
        at: item.lastMessageAt,
        data: { conversationId: 'c1', conversation: { ...item, status: 'snoozed' } },
      },
      { operatorId: 'op1' },
    );
    expect(state()?.isInvalidated).toBe(true);
  });

  it('applies the conversation an inbound message.created carries (a resolved one reopened moves lists)', () => {
    const { queryClient, state } = cacheWithOpenList();
    const at = '2025-01-02T00:00:00.000Z';
    applyEvent(
      queryClient,
      {
        seq: 3,
        type: 'message.created',
        tenantId: 't',
        at,
        data: {
          conversationId: 'c1',
          message: { id: 'm1', conversationId: 'c1', direction: 'inbound', content: 'hi', type: 'text', createdAt: at },
          conversation: { ...item, status: 'pending', lastMessageAt: at, messageCount: 7 },
          reopened: false,
        },
      },
      { operatorId: 'op1' },
    );
    const list = queryClient.getQueryData<{ pages: { items: ConversationItem[] }[] }>(
      conversationQueries.list('all', { statuses: ['open'] }).queryKey,
    );
    expect(list?.pages[0]?.items[0]).toMatchObject({ lastMessageAt: at, lastMessageContent: 'hi', messageCount: 7 });
    expect(state()?.isInvalidated).toBe(true);
  });

  it('refetches filtered lists when a conversation’s tags change', () => {
    const { queryClient, state } = cacheWithOpenList();
    applyEvent(
      queryClient,
      {
        seq: 2,
        type: 'conversation.updated',
        tenantId: 't',
        at: item.lastMessageAt,
        data: { conversationId: 'c1', tags: [] },
      },
      { operatorId: 'op1' },
    );
    expect(state()?.isInvalidated).toBe(true);
  });
});
