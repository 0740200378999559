// Owns the queries the worker's router runs: the cross-tenant scans that find
// work (queues with a waiting line, assignees gone quiet), the locks that make
// two workers take turns on one queue, and the round-robin cursor. The
// assignment write itself is writeAssignment (assignments.ts), as for a
// person's. "Open" below means status new, open or pending: snoozed
// conversations are parked and count for nobody's load.
import type { Queryable, Sql, Tx } from '../create-db.ts';
import type { ConversationRow } from './conversations.ts';
import type { QueueRow, RoutingMode } from './queues.ts';

/** A position in a cross-tenant scan ordered by (tenant_id, id). */
export type ScanKey = { tenantId: string; id: string };

/** A queue that routes by itself, has a waiting line, and a member who may have room (presence not yet checked). */
export type RoutableQueue = {
  tenantId: string;
  id: string;
  routingMode: Exclude<RoutingMode, 'manual'>;
  /** Active members whose chosen availability is online and whose load is under their capacity. */
  operatorIds: string[];
};

/**
 * Cross-tenant (plain sql). The waiting test and the member test are both
 * index probes (conversations_waiting, conversations_list_assignee), so a
 * queue where nobody could take anything costs no transaction.
 */
export async function listRoutableQueues(
  sql: Sql,
  page: { after: ScanKey | undefined; limit: number },
): Promise<RoutableQueue[]> {
  const after = page.after;
  return sql<RoutableQueue[]>`
    select q.tenant_id, q.id, q.routing_mode, r.operator_ids
      from queues q
      join tenants t on t.id = q.tenant_id and t.is_active and not t.suspended
     cross join lateral (
       select array_agg(o.id::text order by o.id) as operator_ids
         from queue_members m
         join operators o on o.tenant_id = m.tenant_id and o.id = m.operator_id
        where m.tenant_id = q.tenant_id and m.queue_id = q.id
          and o.is_active and o.availability = 'online'
          and o.capacity > (select count(*) from conversations c
                             where c.tenant_id = o.tenant_id and c.assigned_operator_id = o.id
                               and c.status in ('new', 'open', 'pending'))
     ) r
     where q.routing_mode <> 'manual'
       and r.operator_ids is not null
       ${after ? sql`and (q.tenant_id, q.id) > (${after.tenantId}::uuid, ${after.id}::uuid)` : sql``}
       and exists (select 1 from conversations c
                    where c.tenant_id = q.tenant_id and c.queue_id = q.id
                      and c.assigned_operator_id is null and c.status in ('new', 'open', 'pending'))
     order by q.tenant_id, q.id
     limit ${page.limit}`;
}

/**
 * Cross-tenant (plain sql): operators who hold open conversations and whose
 * last socket went more than the grace ago (or who never had one). Whether
 * they have a live socket now is the presence store's answer, not this one's.
 */
export async function listQuietAssignees(
  sql: Sql,
  page: { graceMs: number; after: ScanKey | undefined; limit: number },
): Promise<ScanKey[]> {
  const after = page.after;
  return sql<ScanKey[]>`
    select o.tenant_id, o.id
      from operators o
     where (o.last_seen_at is null or o.last_seen_at < now() - ${page.graceMs}::int * interval '1 millisecond')
       ${after ? sql`and (o.tenant_id, o.id) > (${after.tenantId}::uuid, ${after.id}::uuid)` : sql``}
       and exists (select 1 from conversations c
                    where c.tenant_id = o.tenant_id and c.assigned_operator_id = o.id
                      and c.status in ('new', 'open', 'pending'))
     order by o.tenant_id, o.id
     limit ${page.limit}`;
}

/**
 * An open conversation is overdue when its assignee has been gone longer than
 * the grace, counted from the later of their last socket and the moment it was
 * given to them: a conversation handed to someone who never connected still
 * gets the whole grace. Without a history row (data written around the
 * assignment log) the conversation's creation stands in for that moment: it
 * cannot have been given earlier, and unlike updated_at it does not move with
 * every message.
 */
function overdue(tx: Queryable, graceMs: number) {
  return tx`
    greatest(
      (select o.last_seen_at from operators o where o.tenant_id = c.tenant_id and o.id = c.assigned_operator_id),
      coalesce(
        (select max(a.at) from assignments a
          where a.tenant_id = c.tenant_id and a.conversation_id = c.id and a.operator_id = c.assigned_operator_id),
        c.created_at)
    ) < now() - ${graceMs}::int * interval '1 millisecond'`;
}

/** The queues (null: none) of these assignees' overdue conversations. Run it inside withTenant. */
export async function listOverdueQueueIds(
  tx: Queryable,
  tenantId: string,
  operatorIds: string[],
  graceMs: number,
): Promise<(string | null)[]> {
  const rows = await tx<{ queueId: string | null }[]>`
    select distinct c.queue_id from conversations c
     where c.tenant_id = ${tenantId} and c.assigned_operator_id = any(${operatorIds}::uuid[])
       and c.status in ('new', 'open', 'pending') and ${overdue(tx, graceMs)}`;
  return rows.map((row) => row.queueId);
}

/** Locks the queue row: routers of one queue take turns, and the round-robin cursor is theirs to move. */
export async function lockQueueForRouting(tx: Tx, tenantId: string, queueId: string): Promise<QueueRow | undefined> {
  const [row] = await tx<QueueRow[]>`
    select * from queues where tenant_id = ${tenantId} and id = ${queueId} for no key update`;
  return row;
}

export type RoutingCandidate = { id: string; capacity: number; load: number };

/**
 * Of these operators, the queue's active members, with their load (open
 * conversations assigned to them). The operator rows are locked first, in id
 * order, so that routers of two queues sharing an operator cannot both fill
 * their last slot; the loads are counted after the locks are held.
 */
export async function lockRoutingCandidates(
  tx: Tx,
  tenantId: string,
  queueId: string,
  operatorIds: string[],
): Promise<RoutingCandidate[]> {
  if (operatorIds.length === 0) return [];
  const locked = await tx<{ id: string }[]>`
    select o.id from operators o
     where o.tenant_id = ${tenantId} and o.id = any(${operatorIds}::uuid[]) and o.is_active
       and exists (select 1 from queue_members m
                    where m.tenant_id = o.tenant_id and m.queue_id = ${queueId} and m.operator_id = o.id)
     order by o.id
       for no key update of o`;
  if (locked.length === 0) return [];
  return tx<RoutingCandidate[]>`
    select o.id, o.capacity,
           (select count(*)::int from conversations c
             where c.tenant_id = o.tenant_id and c.assigned_operator_id = o.id
               and c.status in ('new', 'open', 'pending')) as load
      from operators o
     where o.tenant_id = ${tenantId} and o.id = any(${locked.map((row) => row.id)}::uuid[])
     order by o.id`;
}

/** The head of the queue's waiting line, priority first then oldest first; rows another writer holds are skipped. */
export async function takeWaitingConversations(
  tx: Tx,
  tenantId: string,
  queueId: string,
  limit: number,
): Promise<ConversationRow[]> {
  return tx<ConversationRow[]>`
    select * from conversations
     where tenant_id = ${tenantId} and queue_id = ${queueId}
       and assigned_operator_id is null and status in ('new', 'open', 'pending')
     order by priority desc, created_at, id
     limit ${limit}
       for no key update skip locked`;
}

/** These assignees' overdue conversations in one queue (null: in none), in waiting-line order, locked. */
export async function takeOverdueConversations(
  tx: Tx,
  tenantId: string,
  input: { queueId: string | null; operatorIds: string[]; graceMs: number; limit: number },
): Promise<ConversationRow[]> {
  return tx<ConversationRow[]>`
    select * from conversations c
     where c.tenant_id = ${tenantId} and c.assigned_operator_id = any(${input.operatorIds}::uuid[])
       and ${input.queueId ? tx`c.queue_id = ${input.queueId}` : tx`c.queue_id is null`}
       and c.status in ('new', 'open', 'pending') and ${overdue(tx, input.graceMs)}
     order by c.priority desc, c.created_at, c.id
     limit ${input.limit}
       for no key update of c skip locked`;
}

/** Remembers who got the queue's last conversation (the round-robin cursor). */
export async function moveRoutingCursor(tx: Tx, tenantId: string, queueId: string, operatorId: string): Promise<void> {
  await tx`update queues set last_assigned_operator_id = ${operatorId} where tenant_id = ${tenantId} and id = ${queueId}`;
}
