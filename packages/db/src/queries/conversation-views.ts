// Owns what an operator sees of the inbox: the list views with keyset
// pagination and the per-operator unread counts, filtered by the visibility
// rule (conversationsVisibleTo, visibility.ts: supervisors see the whole
// tenant; operators see their queues' conversations, their own assignments,
// and conversations in no queue).
import type { Queryable } from '../create-db.ts';
import type { ConversationRow, ConversationStatus } from './conversations.ts';
import { conversationsVisibleTo, type Viewer } from './visibility.ts';

export type ConversationItem = ConversationRow & {
  clientName: string | null;
  channel: string;
  channelAccountName: string;
  lastMessageContent: string | null;
  lastMessageDirection: 'inbound' | 'outbound' | null;
  lastMessageType: string | null;
  unreadCount: number;
  /** The conversation's tags, by name, for the list row's chips. */
  tags: { id: string; name: string; color: string }[];
  /** last_message_at to the microsecond, for keyset cursors. */
  cursorAt: string;
};

export type ConversationFilter = {
  view: 'mine' | 'unassigned' | 'all';
  statuses?: ConversationStatus[] | undefined;
  queueId?: string | undefined;
  channel?: string | undefined;
  tagId?: string | undefined;
  q?: string | undefined;
  limit: number;
  cursor?: { at: string; id: string } | undefined;
};

/**
 * A timestamp as ISO text with microseconds, exact for keyset cursors. Compare
 * against it as `${at}::text::timestamptz`: with a bare `::timestamptz` the
 * driver sees a timestamptz parameter and sends it through a JS Date, which
 * drops the microseconds and skips rows that share a millisecond.
 */
export function microsIso(tx: Queryable, column: string) {
  return tx.unsafe(`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`);
}

/**
 * The list row's columns over `source` (conversations, or one page of them):
 * the client, the channel, the last message, unread and tags are looked up
 * per row, so they must only ever run over a page, never over a whole tenant.
 */
function selectItems(tx: Queryable, tenantId: string, viewer: Viewer, source = tx`conversations`) {
  return tx`
    select c.*, ${microsIso(tx, 'c.last_message_at')} as cursor_at, cl.name as client_name, ca.channel, ca.name as channel_account_name,
           lm.content as last_message_content, lm.direction as last_message_direction, lm.type as last_message_type,
           (select count(*)::int from messages m
             where m.tenant_id = c.tenant_id and m.conversation_id = c.id and m.direction = 'inbound'
               and m.created_at > coalesce(
                 (select rm.created_at from conversation_reads r
                    join messages rm on rm.tenant_id = r.tenant_id and rm.id = r.last_read_message_id
                   where r.tenant_id = c.tenant_id and r.conversation_id = c.id and r.operator_id = ${viewer.operatorId}),
                 '-infinity')) as unread_count,
           coalesce((select json_agg(json_build_object('id', t.id, 'name', t.name, 'color', t.color) order by t.name, t.id)
                       from conversation_tags ct join tags t on t.tenant_id = ct.tenant_id and t.id = ct.tag_id
                      where ct.tenant_id = c.tenant_id and ct.conversation_id = c.id), '[]'::json) as tags
      from ${source} c
      join clients cl on cl.tenant_id = c.tenant_id and cl.id = c.client_id
      join channel_accounts ca on ca.tenant_id = c.tenant_id and ca.id = c.channel_account_id
      left join lateral (
        select m.content, m.direction, m.type from messages m
         where m.tenant_id = c.tenant_id and m.conversation_id = c.id
         order by m.created_at desc, m.id desc limit 1) lm on true
     where c.tenant_id = ${tenantId} ${conversationsVisibleTo(tx, tenantId, viewer)}`;
}

export async function listConversationItems(
  tx: Queryable,
  tenantId: string,
  viewer: Viewer,
  filter: ConversationFilter,
): Promise<ConversationItem[]> {
  const statuses = filter.statuses ?? ['new', 'open', 'pending', 'snoozed'];
  const view =
    filter.view === 'mine'
      ? tx`and c.assigned_operator_id = ${viewer.operatorId}`
      : filter.view === 'unassigned'
        ? tx`and c.assigned_operator_id is null`
        : tx``;
  const like = filter.q ? `%${filter.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%` : null;
  // Said outright so the planner may use the open-conversation indexes (0007), which
  // hand rows over newest first: the page is then read, not the tenant sorted.
  const openOnly = statuses.includes('resolved') ? tx`` : tx`and c.status <> 'resolved'`;
  // The page is chosen first, on the conversation row alone (joined only as a filter
  // needs); the per-row lookups of selectItems then run for these rows only.
  const page = tx`(
    select c.* from conversations c
      ${like ? tx`join clients cl on cl.tenant_id = c.tenant_id and cl.id = c.client_id` : tx``}
      ${filter.channel ? tx`join channel_accounts ca on ca.tenant_id = c.tenant_id and ca.id = c.channel_account_id` : tx``}
     where c.tenant_id = ${tenantId} ${conversationsVisibleTo(tx, tenantId, viewer)}
      ${view}
      and c.status = any(${statuses}) ${openOnly}
      ${filter.queueId ? tx`and c.queue_id = ${filter.queueId}` : tx``}
      ${filter.channel ? tx`and ca.channel = ${filter.channel}` : tx``}
      ${
        filter.tagId
          ? tx`and exists (select 1 from conversation_tags ct
                            where ct.tenant_id = c.tenant_id and ct.conversation_id = c.id and ct.tag_id = ${filter.tagId})`
          : tx``
      }
      ${like ? tx`and (cl.name ilike ${like} or cl.phone ilike ${like} or cl.email ilike ${like})` : tx``}
      ${filter.cursor ? tx`and (c.last_message_at, c.id) < (${filter.cursor.at}::text::timestamptz, ${filter.cursor.id})` : tx``}
     order by c.last_message_at desc, c.id desc
     limit ${filter.limit})`;
  return tx<ConversationItem[]>`
    ${selectItems(tx, tenantId, viewer, page)}
     order by c.last_message_at desc, c.id desc`;
}

/** One conversation as the viewer may see it, or undefined (missing and not allowed look the same). */
export async function getConversationItem(tx: Queryable, tenantId: string, viewer: Viewer, id: string) {
  const [row] = await tx<ConversationItem[]>`${selectItems(tx, tenantId, viewer)} and c.id = ${id}`;
  return row;
}
