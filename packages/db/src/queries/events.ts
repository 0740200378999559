// Owns the realtime event log. appendEvent takes the next seq from the
// tenant's counter row in the caller's transaction: the row lock is held until
// commit, so seqs are gapless and commit in order, and a reader that has seen
// seq N and asks for "after N" can never miss one that commits later. Append
// events last in a transaction to keep that lock short.
import postgres from 'postgres';
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

/**
 * Pages of events read their JSON as text and parse it here. The driver's camelCase pass over json
 * values rebuilds every nested object key by key with a fresh object per key: most of a catch-up
 * page's CPU (bench scenario 5). camelJson gives the same keys (the driver's own toCamel), and
 * leaves an object alone when none of its keys has an underscore, which is nearly always.
 */
type EventTextRow = Omit<EventRow, 'audience' | 'payload'> & { audience: string; payload: string };

function eventColumns(tx: Queryable) {
  return tx`e.tenant_id, e.seq, e.type, e.conversation_id, e.audience::text as audience,
            e.payload::text as payload, e.created_at`;
}

function parseEventRow(row: EventTextRow): EventRow {
  return {
    ...row,
    audience: camelJson(JSON.parse(row.audience)) as EventAudience,
    payload: camelJson(JSON.parse(row.payload)) as Record<string, unknown>,
  };
}

/** What `transform: postgres.camel` does to a json value, without copying what needs no change. */
function camelJson(value: unknown): unknown {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = camelJson(value[i]);
    return value;
  }
  if (value === null || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  let renamed = false;
  for (const key in object) {
    object[key] = camelJson(object[key]);
    if (key.includes('_')) renamed = true;
  }
  if (!renamed) return object;
  const out: Record<string, unknown> = {};
  for (const key in object) out[key.includes('_') ? postgres.toCamel(key) : key] = object[key];
  return out;
}

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
  const rows = await tx<EventTextRow[]>`
    select ${eventColumns(tx)} from events e
     where e.tenant_id = ${tenantId} and e.seq > ${afterSeq}
     order by e.seq
     limit ${limit}`;
  return rows.map(parseEventRow);
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
  const rows = await tx<EventTextRow[]>`
    select ${eventColumns(tx)} from events e
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
  return rows.map(parseEventRow);
}

/** The highest committed seq of a tenant (0 before its first event). */
export async function latestSeq(tx: Queryable, tenantId: string): Promise<number> {
  const [row] = await tx<{ eventSeq: number }[]>`select event_seq from tenants where id = ${tenantId}`;
  return row?.eventSeq ?? 0;
}
