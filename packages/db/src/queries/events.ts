// Owns the realtime event log. appendEvent takes the next seq from the
// tenant's counter row in the caller's transaction: the row lock is held until
// commit, so seqs are gapless and commit in order, and a reader that has seen
// seq N and asks for "after N" can never miss one that commits later. Append
// events last in a transaction to keep that lock short.
import type { Queryable, Tx } from '../create-db.ts';

/**
 * Who may see an event. Supervisors and admins see every event;
 * an operator sees it when any of these holds:
 * - their id is in operatorIds (assignee, mentioned);
 * - queueId is present and they are a member of that queue, or it is present
 *   and null (a conversation in no queue is everyone's);
 * - neither queueId nor operatorIds is given (tenant-wide, e.g. presence).
 * supervisorsOnly hides it from operators whatever else it says.
 */
export type EventAudience = {
  queueId?: string | null;
  operatorIds?: string[];
  supervisorsOnly?: boolean;
};

export type EventRow = {
  tenantId: string;
  seq: number;
  type: string;
  conversationId: string | null;
  audience: EventAudience;
  payload: Record<string, unknown>;
  createdAt: Date;
};

export type NewEvent = {
  type: string;
  conversationId?: string | null;
  audience?: EventAudience;
  payload: Record<string, unknown>;
};

export async function appendEvent(tx: Tx, tenantId: string, event: NewEvent): Promise<EventRow> {
  const [row] = await tx<EventRow[]>`
    with next as (
      update tenants set event_seq = event_seq + 1 where id = ${tenantId} returning event_seq
    )
    insert into events (tenant_id, seq, type, conversation_id, audience, payload)
    select ${tenantId}, next.event_seq, ${event.type}, ${event.conversationId ?? null},
           ${tx.json(event.audience ?? {})}, ${tx.json(event.payload as never)}
      from next
    returning *`;
  if (!row) throw new Error(`tenant ${tenantId} is not visible to this transaction`);
  return row;
}

/** Events after a seq, oldest first. Run it inside withTenant. */
export async function readEvents(
  tx: Queryable,
  tenantId: string,
  afterSeq: number,
  limit: number,
): Promise<EventRow[]> {
  return tx<EventRow[]>`
    select * from events
     where tenant_id = ${tenantId} and seq > ${afterSeq}
     order by seq
     limit ${limit}`;
}

/** Events after a seq that this viewer may see, oldest first. Run it inside withTenant. */
export async function readVisibleEvents(
  tx: Queryable,
  tenantId: string,
  viewer: { operatorId: string; seesAll: boolean },
  afterSeq: number,
  limit: number,
): Promise<EventRow[]> {
  if (viewer.seesAll) return readEvents(tx, tenantId, afterSeq, limit);
  const me = viewer.operatorId;
  return tx<EventRow[]>`
    select * from events e
     where e.tenant_id = ${tenantId} and e.seq > ${afterSeq}
       and coalesce((e.audience->>'supervisorsOnly')::boolean, false) = false
       and (coalesce(e.audience->'operatorIds', '[]'::jsonb) @> to_jsonb(array[${me}::text])
            or (e.audience ? 'queueId'
                and (e.audience->>'queueId' is null
                     or (e.audience->>'queueId')::uuid in
                        (select queue_id from queue_members where tenant_id = ${tenantId} and operator_id = ${me})))
            or (not e.audience ? 'queueId' and coalesce(jsonb_array_length(e.audience->'operatorIds'), 0) = 0))
     order by e.seq
     limit ${limit}`;
}

/** The highest committed seq of a tenant (0 before its first event). */
export async function latestSeq(tx: Queryable, tenantId: string): Promise<number> {
  const [row] = await tx<{ eventSeq: number }[]>`select event_seq from tenants where id = ${tenantId}`;
  return row?.eventSeq ?? 0;
}
