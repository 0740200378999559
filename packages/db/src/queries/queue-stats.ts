// Owns the supervisor's live-queue read: per queue the waiting line (the
// conversations_waiting predicate: unassigned and new, open or pending), its
// oldest entry, the SLA clocks that are at risk or already breached, and per
// operator the open load against capacity. Run every query inside withTenant.
import type { Queryable } from '../create-db.ts';
import type { Availability, OperatorRole } from './operators.ts';
import type { RoutingMode } from './queues.ts';
import type { SlaKind } from './sla.ts';

/** The transaction's own now(): the instant every figure of one read is as of. */
export async function transactionNow(tx: Queryable): Promise<Date> {
  const [row] = await tx<{ now: Date }[]>`select now()`;
  return row?.now ?? new Date();
}

export type QueueWaitingRow = {
  id: string;
  name: string;
  routingMode: RoutingMode;
  waiting: number;
  oldestWaitingSince: Date | null;
};

/** A conversation in a queue's waiting line. */
export type WaitingConversationRow = {
  queueId: string;
  conversationId: string;
  clientName: string | null;
  since: Date;
};

/** One live SLA clock: at risk (warned or past its warn time) or breached (past due), conversation still open. */
export type SlaClockRow = {
  queueId: string;
  conversationId: string;
  clientName: string | null;
  assignedOperatorId: string | null;
  kind: SlaKind;
  state: 'at_risk' | 'breached';
  warnAt: Date | null;
  dueAt: Date;
};

export type OperatorLoadRow = {
  id: string;
  name: string;
  role: OperatorRole;
  availability: Availability;
  load: number;
  capacity: number;
};

/** Every queue with its waiting count and oldest waiting conversation (both index probes on conversations_waiting). */
export async function listQueueWaiting(tx: Queryable, tenantId: string): Promise<QueueWaitingRow[]> {
  return tx<QueueWaitingRow[]>`
    select q.id, q.name, q.routing_mode, w.waiting, w.oldest_waiting_since
      from queues q
     cross join lateral (
       select count(*)::int as waiting, min(c.created_at) as oldest_waiting_since
         from conversations c
        where c.tenant_id = q.tenant_id and c.queue_id = q.id
          and c.assigned_operator_id is null and c.status in ('new', 'open', 'pending')
     ) w
     where q.tenant_id = ${tenantId}
     order by q.is_default desc, q.name, q.id`;
}

/** The head of each queue's waiting line in routing order (priority, then oldest), at most `limit` per queue. */
export async function listWaitingConversations(
  tx: Queryable,
  tenantId: string,
  limit: number,
): Promise<WaitingConversationRow[]> {
  return tx<WaitingConversationRow[]>`
    select w.queue_id, w.id as conversation_id, cl.name as client_name, w.created_at as since
      from queues q
     cross join lateral (
       select c.tenant_id, c.queue_id, c.id, c.client_id, c.priority, c.created_at
         from conversations c
        where c.tenant_id = q.tenant_id and c.queue_id = q.id
          and c.assigned_operator_id is null and c.status in ('new', 'open', 'pending')
        order by c.priority desc, c.created_at
        limit ${limit}
     ) w
      left join clients cl on cl.tenant_id = w.tenant_id and cl.id = w.client_id
     where q.tenant_id = ${tenantId}
     order by w.queue_id, w.priority desc, w.created_at`;
}

/**
 * The live SLA clocks of open conversations in a queue, most urgent (earliest
 * due) first, at most `limit` per queue and state. A first-response clock is
 * live until the first reply; a resolution clock until resolution. Past due
 * counts as breached even before the worker records it (it lags < 1 s).
 */
export async function listSlaClocks(tx: Queryable, tenantId: string, limit: number): Promise<SlaClockRow[]> {
  return tx<SlaClockRow[]>`
    select queue_id, conversation_id, client_name, assigned_operator_id, kind, state, warn_at, due_at from (
      select s.*, row_number() over (partition by s.queue_id, s.state order by s.due_at, s.conversation_id) as n
        from (
          select c.queue_id, c.id as conversation_id, cl.name as client_name, c.assigned_operator_id,
                 k.kind, k.warn_at, k.due_at,
                 case when k.breached or k.due_at <= now() then 'breached' else 'at_risk' end as state
            from conversations c
            left join clients cl on cl.tenant_id = c.tenant_id and cl.id = c.client_id
           cross join lateral (values
             ('first_response', c.first_response_warn_at, c.first_response_due_at, c.first_response_warned,
              c.first_response_breached, c.first_response_at is null),
             ('resolution', c.resolution_warn_at, c.resolution_due_at, c.resolution_warned,
              c.resolution_breached, true)
           ) as k (kind, warn_at, due_at, warned, breached, live)
           where c.tenant_id = ${tenantId} and c.queue_id is not null
             and c.resolved_at is null and c.status <> 'resolved'
             and k.live and k.due_at is not null
             and (k.breached or k.warned or k.due_at <= now() or k.warn_at <= now())
        ) s
    ) ranked
     where n <= ${limit}
     order by due_at, conversation_id, kind`;
}

/** Active operators with their open load (new, open or pending assigned to them) and capacity. */
export async function listOperatorLoads(tx: Queryable, tenantId: string): Promise<OperatorLoadRow[]> {
  return tx<OperatorLoadRow[]>`
    select o.id, o.name, o.role, o.availability, o.capacity,
           (select count(*)::int from conversations c
             where c.tenant_id = o.tenant_id and c.assigned_operator_id = o.id
               and c.status in ('new', 'open', 'pending')) as load
      from operators o
     where o.tenant_id = ${tenantId} and o.is_active
     order by o.name, o.id`;
}
