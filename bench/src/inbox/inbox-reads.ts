// The reads scenario 6 times, as the web inbox makes them: each list view's
// first page and a page deep in it (its cursor found by scrolling there the
// way the inbox does, following nextCursor), then opening conversations and
// their messages. Each read is paired with the @relay/db call its route makes,
// so the slowest one's SQL can be explained on its own.
import { cursorParam } from '@relay/contracts';
import { getConversationItem, listConversationItems, listMessages, type Tx, type Viewer } from '@relay/db';
import { getJson, type Sampled } from './http-sampler.ts';

/** The web inbox's page sizes (conversation-queries.ts, thread-queries.ts). */
export const LIST_LIMIT = 30;
export const THREAD_LIMIT = 50;
export const VIEWS = ['mine', 'unassigned', 'all'] as const;

export type ReadSeries = {
  key: string;
  /** 1 for a first page; the page number reached for a deep one. */
  page: number;
  /** Requests rotate over these (opening: over a page of conversations). */
  urls: string[];
  /** The route's query, for EXPLAIN. */
  sql: (tx: Tx) => Promise<unknown>;
  sampled?: Sampled;
};

type Page = { items: { id: string }[]; nextCursor: string | null };

export async function planReads(
  api: string,
  token: string,
  tenantId: string,
  viewer: Viewer,
  deepPage: number,
): Promise<ReadSeries[]> {
  const series: ReadSeries[] = [];
  let openIds: string[] = [];
  for (const view of VIEWS) {
    const first = `${api}/conversations?view=${view}&limit=${LIST_LIMIT}`;
    const list = (cursor?: string) => (tx: Tx) =>
      listConversationItems(tx, tenantId, viewer, {
        view,
        limit: LIST_LIMIT + 1,
        cursor: cursor ? cursorParam.parse(cursor) : undefined,
      });
    series.push({ key: `view=${view}, first page`, page: 1, urls: [first], sql: list() });
    let cursor: string | undefined;
    let page = 1;
    while (page < deepPage) {
      const res = await getJson<Page>(cursor ? `${first}&cursor=${cursor}` : first, token);
      if (!res.body)
        throw new Error(`GET /conversations?view=${view} (page ${page}) answered ${res.status}: ${res.error}`);
      if (view === 'all' && page === 1) openIds = res.body.items.map((item) => item.id);
      if (!res.body.nextCursor) break;
      cursor = res.body.nextCursor;
      page++;
    }
    const deep = cursor ? `${first}&cursor=${cursor}` : first;
    series.push({ key: `view=${view}, page ${page}`, page, urls: [deep], sql: list(cursor) });
  }
  const sample = openIds[0];
  if (!sample) throw new Error('the inbox lists no conversation to open');
  series.push(
    {
      key: 'GET /conversations/:id',
      page: 1,
      urls: openIds.map((id) => `${api}/conversations/${id}`),
      sql: (tx) => getConversationItem(tx, tenantId, viewer, sample),
    },
    {
      key: 'GET /conversations/:id/messages',
      page: 1,
      urls: openIds.map((id) => `${api}/conversations/${id}/messages?limit=${THREAD_LIMIT}`),
      sql: (tx) => listMessages(tx, tenantId, sample, { limit: THREAD_LIMIT + 1 }),
    },
  );
  return series;
}
