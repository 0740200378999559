// The inbox's view and filters as they live in the URL (?view=&status=&queue=
// &channel=&tag=&q= beside ?c=), so a reload or Back keeps them, and as the
// list's query key and GET /conversations parameters. Whatever the URL says
// is checked here: a hand-edited value the API would refuse is dropped.
import {
  type apiRoutes,
  type ChannelKind,
  type ConversationStatus,
  channelKind,
  conversationStatus,
  type ListConversationsQuery,
  type RequestInput,
} from '@relay/contracts';

/** Which inbox: mine, unassigned or all (GET /conversations?view=). */
export type InboxView = ListConversationsQuery['view'];

/** GET /conversations's query as the contract takes it. */
type ListQuery = NonNullable<RequestInput<typeof apiRoutes.conversations.listConversations>['query']>;

export type ConversationFilters = {
  /** Undefined: what the API lists when asked for no status (everything but resolved). */
  statuses?: ConversationStatus[];
  queueId?: string;
  channel?: ChannelKind;
  tagId?: string;
  q?: string;
};

export const ALL_STATUSES: readonly ConversationStatus[] = conversationStatus.options;
/** What GET /conversations lists without a status parameter. */
export const DEFAULT_STATUSES: readonly ConversationStatus[] = ['new', 'open', 'pending', 'snoozed'];
export const SEARCH_MAX = 200;

const VIEWS: readonly InboxView[] = ['mine', 'unassigned', 'all'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FILTER_PARAMS = ['status', 'queue', 'channel', 'tag', 'q'] as const;

type Params = { get(name: string): string | null };

export function viewFromParams(params: Params): InboxView {
  const view = params.get('view');
  return VIEWS.find((v) => v === view) ?? 'mine';
}

export function filtersFromParams(params: Params): ConversationFilters {
  const statuses = normalStatuses(
    (params.get('status') ?? '')
      .split(',')
      .map((s) => conversationStatus.safeParse(s))
      .flatMap((r) => (r.success ? [r.data] : [])),
  );
  const queueId = params.get('queue') ?? '';
  const tagId = params.get('tag') ?? '';
  const channel = channelKind.safeParse(params.get('channel'));
  const q = (params.get('q') ?? '').trim().slice(0, SEARCH_MAX);
  return compact({
    statuses,
    queueId: UUID.test(queueId) ? queueId : undefined,
    channel: channel.success ? channel.data : undefined,
    tagId: UUID.test(tagId) ? tagId : undefined,
    q: q || undefined,
  });
}

/** The statuses in one order, or undefined when none or exactly the API's default are chosen. */
export function normalStatuses(statuses: readonly ConversationStatus[] | undefined): ConversationStatus[] | undefined {
  const chosen = ALL_STATUSES.filter((s) => statuses?.includes(s));
  const isDefault = chosen.length === DEFAULT_STATUSES.length && chosen.every((s) => DEFAULT_STATUSES.includes(s));
  return chosen.length === 0 || isDefault ? undefined : chosen;
}

/** The filters without empty keys, so equal filters make equal query keys. */
export function compact(filters: ConversationFilters): ConversationFilters {
  const out: ConversationFilters = {};
  const statuses = normalStatuses(filters.statuses);
  if (statuses) out.statuses = statuses;
  if (filters.queueId) out.queueId = filters.queueId;
  if (filters.channel) out.channel = filters.channel;
  if (filters.tagId) out.tagId = filters.tagId;
  const q = filters.q?.trim();
  if (q) out.q = q;
  return out;
}

export function isFiltered(filters: ConversationFilters): boolean {
  return Object.keys(compact(filters)).length > 0;
}

/** The search string for the inbox URL: the view and filters replaced, every other parameter (?c=) kept. */
export function inboxSearch(current: string, view: InboxView, filters: ConversationFilters): string {
  const params = new URLSearchParams(current);
  params.delete('view');
  for (const name of FILTER_PARAMS) params.delete(name);
  if (view !== 'mine') params.set('view', view);
  const f = compact(filters);
  if (f.statuses) params.set('status', f.statuses.join(','));
  if (f.queueId) params.set('queue', f.queueId);
  if (f.channel) params.set('channel', f.channel);
  if (f.tagId) params.set('tag', f.tagId);
  if (f.q) params.set('q', f.q);
  return params.toString();
}

/** GET /conversations parameters for the filters. */
export function filterQuery(
  filters: ConversationFilters,
): Pick<ListQuery, 'status' | 'queueId' | 'channel' | 'tag' | 'q'> {
  const f = compact(filters);
  return { status: f.statuses?.join(','), queueId: f.queueId, channel: f.channel, tag: f.tagId, q: f.q };
}
