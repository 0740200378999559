// Owns scenario 6's data: one tenant's inbox bulk-loaded in SQL as the schema
// owner (insert ... select over generate_series), shaped like a real one:
// a client and a Telegram identity per conversation, conversations spread
// over the last twelve months (the monthly dialog count reads created_at),
// about ten messages each alternating client and operator, and every
// denormalised column (last_message_at, message_count, last client/operator
// message, first response, resolved_at) equal to what the messages say.
// Nothing has an SLA due time, so the worker never fires on this data; but
// its offline sweep would hand back the open conversations of assignees
// without a live socket, so the scenario connects them before loading.
import type { Sql } from '@relay/db';

/** Chat ids are BASE + i: nine digits for any size, so text order is numeric order (chunks use the unique index). */
const CHAT_BASE = 900_000_000;
const YEAR_SECONDS = 365 * 86_400;
/** The newest conversation starts this long ago, so its last message (at most 4 h later) is still in the past. */
const HEADROOM_SECONDS = 4 * 3600 + 60;
const CHUNK = 10_000;

export type InboxShape = {
  tenantId: string;
  channelAccountId: string;
  queueId: string;
  /** The operator the scenario measures as: a fifth of the open work is theirs, half of it read. */
  me: string;
  others: string[];
  conversations: number;
};

export type LoadedInbox = {
  conversations: number;
  messages: number;
  /** Not resolved, assigned to `me`: the rows of view=mine. */
  mine: number;
  /** Not resolved, unassigned: the rows of view=unassigned. */
  unassigned: number;
  /** Not resolved: the rows of view=all. */
  open: number;
  /** Wall time per step, ms (ANALYZE included). */
  steps: Record<string, number>;
};

async function timed<T>(steps: Record<string, number>, name: string, fn: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await fn();
  steps[name] = Math.round(performance.now() - started);
  return result;
}

export async function bulkLoadInbox(sql: Sql, shape: InboxShape): Promise<LoadedInbox> {
  const n = shape.conversations;
  if (!Number.isInteger(n) || n < 1 || n >= 100_000_000) throw new Error(`bad conversation count ${n}`);
  if (shape.others.length === 0) throw new Error('the inbox needs operators besides the measuring one');
  const t = shape.tenantId;
  const steps: Record<string, number> = {};
  // i = 1 is the oldest conversation, i = n the newest; k messages each, 1..19 (ten on average).
  // Ids are random (v4, as the API validates them): the CTE is read three times, so it is materialised once.
  const base = sql`
    select i, gen_random_uuid() as client_id, gen_random_uuid() as id, (${CHAT_BASE}::int + i)::text as chat,
           now() - make_interval(secs => (${n}::int - i + 1)::float8 / ${n}::int * ${YEAR_SECONDS}::int
                                         + ${HEADROOM_SECONDS}::int) as created_at,
           1 + (i * 7919) % 19 as k, 30 + (i * 37) % 240 * 60 as span, i % 50 as r, (i / 50) % 10 as a
      from generate_series(1, ${n}::int) i`;
  await timed(
    steps,
    'conversations',
    () =>
      sql`
      with g0 as (${base}),
      g as (
        select g0.*, created_at + make_interval(secs => case when k = 1 then 0 else span end) as last,
               case when r < 30 then 'resolved' when r < 40 then 'open' when r < 45 then 'pending'
                    when r < 49 then 'new' else 'snoozed' end as status
          from g0),
      clients_in as (
        insert into clients (tenant_id, id, name, phone, created_at, updated_at)
        select ${t}, client_id, 'Client ' || i, '+1555' || lpad(i::text, 8, '0'), created_at, created_at from g),
      identities_in as (
        insert into client_identities (tenant_id, client_id, channel, external_id, display_name, created_at, updated_at)
        select ${t}, client_id, 'telegram', chat, 'Client ' || i, created_at, created_at from g)
      insert into conversations (
        tenant_id, id, client_id, channel_account_id, external_chat_id, queue_id, status, assigned_operator_id,
        first_response_at, resolved_at, last_message_at, last_client_message_at, last_operator_message_at,
        message_count, snoozed_until, created_at, updated_at)
      select ${t}, id, client_id, ${shape.channelAccountId}, chat, ${shape.queueId}, status,
             -- a = (i / 50) % 10 is independent of the status (i % 50): a fifth of each status is mine.
             case when status = 'new' then null
                  when a < 2 then ${shape.me}::uuid
                  when a < 8 then (${shape.others}::uuid[])[1 + i % ${shape.others.length}::int]
             end,
             -- Message j is at created_at + (last - created_at) * j / (k - 1): even j from the client, odd from an operator.
             case when k > 1 then created_at + (last - created_at) * (1::float8 / (k - 1)) end,
             case when status = 'resolved' then last end,
             last,
             created_at + (last - created_at) * (((k - 1) - (k - 1) % 2)::float8 / greatest(k - 1, 1)),
             case when k > 1 then created_at + (last - created_at) * (((k - 1) - k % 2)::float8 / greatest(k - 1, 1)) end,
             k,
             case when status = 'snoozed' then now() + interval '1 day' end,
             created_at, last
        from g`,
  );
  await timed(steps, 'messages', async () => {
    for (let start = 1; start <= n; start += CHUNK) {
      const lo = String(CHAT_BASE + start);
      const hi = String(CHAT_BASE + Math.min(n, start + CHUNK - 1));
      await sql`
        insert into messages (tenant_id, conversation_id, channel_account_id, direction, actor_type, actor_id,
                              content, external_message_id, created_at, updated_at)
        select c.tenant_id, c.id, c.channel_account_id,
               case when j % 2 = 0 then 'inbound' else 'outbound' end,
               case when j % 2 = 0 then 'client' else 'operator' end,
               case when j % 2 = 1 then c.assigned_operator_id end,
               case when j % 2 = 0 then 'Hello, a question (' || (j + 1) || ') about my order ' || c.external_chat_id
                    else 'Thank you, here is answer ' || (j + 1) || ' on order ' || c.external_chat_id end,
               c.external_chat_id || ':' || (j + 1), x.at, x.at
          from conversations c
         cross join lateral generate_series(0, c.message_count - 1) j
         cross join lateral (select c.created_at + (c.last_message_at - c.created_at)
                                    * (j::float8 / greatest(c.message_count - 1, 1)) as at) x
         where c.tenant_id = ${t} and c.channel_account_id = ${shape.channelAccountId}
           and c.external_chat_id between ${lo} and ${hi}`;
    }
  });
  await timed(
    steps,
    'reads',
    () => sql`
      insert into conversation_reads (tenant_id, conversation_id, operator_id, last_read_message_id, read_at)
      select c.tenant_id, c.id, ${shape.me}, lm.id, c.last_message_at
        from conversations c
       cross join lateral (select m.id from messages m where m.tenant_id = c.tenant_id and m.conversation_id = c.id
                            order by m.created_at desc, m.id desc limit 1) lm
       where c.tenant_id = ${t} and c.assigned_operator_id = ${shape.me} and c.external_chat_id::bigint % 2 = 0`,
  );
  await timed(
    steps,
    'analyze',
    () => sql`analyze clients, client_identities, conversations, messages, conversation_reads`,
  );
  return { ...(await countInbox(sql, t, shape.me)), steps };
}

/** What each view holds; counted again after the measurement, to show nothing moved the data meanwhile. */
export async function countInbox(sql: Sql, tenantId: string, me: string): Promise<Omit<LoadedInbox, 'steps'>> {
  const [counts] = await sql<Omit<LoadedInbox, 'steps'>[]>`
    select count(*)::int as conversations, coalesce(sum(message_count), 0)::int as messages,
           (count(*) filter (where status <> 'resolved' and assigned_operator_id = ${me}))::int as mine,
           (count(*) filter (where status <> 'resolved' and assigned_operator_id is null))::int as unassigned,
           (count(*) filter (where status <> 'resolved'))::int as open
      from conversations where tenant_id = ${tenantId}`;
  if (!counts) throw new Error('counting the inbox returned nothing');
  return counts;
}
