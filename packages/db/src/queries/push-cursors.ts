// Owns push fallback's place in each tenant's event log: the cursor (the last
// seq planned), the lease a worker takes on it for one round, the batch of
// events whose ack grace has passed, and moving the cursor when the round is
// recorded. Cursors start at the present when a tenant's first device takes
// pushes (a trigger, 0010_push_cursors.sql); a tenant with no such device is
// never claimed.
import type { Queryable, Sql, Tx } from '../create-db.ts';
import type { EventRow } from './events.ts';

export type ClaimedCursor = { tenantId: string; lastSeq: number };

/** Cursors with events past them, a device to push to, and no worker's lease on them. */
const behind = (sql: Sql) => sql`
  pc.last_seq < t.event_seq
  and (pc.locked_until is null or pc.locked_until < now())
  and exists (select 1 from operator_devices d
               where d.tenant_id = pc.tenant_id and d.is_active and d.fcm_token is not null)`;

/** When the first event past the cursor was written. */
const nextEventAt = (sql: Sql) => sql`
  (select e.created_at from events e where e.tenant_id = pc.tenant_id and e.seq > pc.last_seq order by e.seq limit 1)`;

/**
 * Leases up to `limit` tenants whose next event is past its grace, least
 * recently served first. Across tenants, as the schema owner; SKIP LOCKED and
 * the lease keep two workers off one tenant.
 */
export async function claimPushCursors(
  sql: Sql,
  opts: { graceMs: number; limit: number; leaseSeconds: number; workerId: string },
): Promise<ClaimedCursor[]> {
  const rows = await sql<ClaimedCursor[]>`
    update push_cursors c set locked_by = ${opts.workerId},
           locked_until = now() + make_interval(secs => ${opts.leaseSeconds})
      from (select pc.tenant_id from push_cursors pc join tenants t on t.id = pc.tenant_id
             where ${behind(sql)}
               and ${nextEventAt(sql)} <= now() - make_interval(secs => ${opts.graceMs / 1000})
             order by pc.updated_at
             limit ${opts.limit}
             for update of pc skip locked) due
     where c.tenant_id = due.tenant_id
    returning c.tenant_id, c.last_seq`;
  return rows.map((row) => ({ tenantId: row.tenantId, lastSeq: Number(row.lastSeq) }));
}

/** Milliseconds until the earliest unclaimed event falls due (0 if overdue), or null when none waits. */
export async function nextPushDueInMs(sql: Sql, graceMs: number): Promise<number | null> {
  const [row] = await sql<{ ms: number | null }[]>`
    select (extract(epoch from (min(${nextEventAt(sql)}) - now())) * 1000)::float8 as ms
      from push_cursors pc join tenants t on t.id = pc.tenant_id
     where ${behind(sql)}`;
  return row?.ms == null ? null : Math.max(0, row.ms + graceMs);
}

export type PushBatch = {
  /** The cursor moves here once the batch is recorded: every event up to it is past its grace. */
  upto: number;
  /** The events of these types among them, in seq order. */
  events: EventRow[];
};

/**
 * The events after `afterSeq` whose grace has passed, at most `limit` seqs on.
 * The batch ends before the first event still inside its grace, even if a
 * later seq is older (a transaction that began earlier may commit later), so
 * the cursor never passes an event that is not yet due.
 */
export async function readPushBatch(
  tx: Queryable,
  tenantId: string,
  opts: { afterSeq: number; graceMs: number; limit: number; types: readonly string[] },
): Promise<PushBatch> {
  const rows = await tx<(EventRow & { upto: number | string })[]>`
    with horizon as (
      select coalesce(
        (select min(seq) - 1 from events
          where tenant_id = ${tenantId} and seq > ${opts.afterSeq} and seq <= ${opts.afterSeq + opts.limit}
            and created_at > now() - make_interval(secs => ${opts.graceMs / 1000})),
        (select least(event_seq, ${opts.afterSeq + opts.limit}) from tenants where id = ${tenantId})) as upto
    )
    select h.upto, e.* from horizon h
      left join events e on e.tenant_id = ${tenantId} and e.seq > ${opts.afterSeq} and e.seq <= h.upto
                        and e.type = any(${tx.array([...opts.types])}::text[])
     order by e.seq`;
  const upto = Number(rows[0]?.upto ?? opts.afterSeq);
  const events = rows
    .filter((row) => row.seq != null)
    .map(({ upto: _, ...event }) => ({ ...event, seq: Number(event.seq) }) as EventRow);
  return { upto: Math.max(upto, opts.afterSeq), events };
}

/**
 * Moves the cursor to `toSeq` and gives the lease back, in the transaction
 * that records the round. False when this worker no longer holds the lease
 * (it ran out and another worker took the tenant): the caller rolls back.
 */
export async function advancePushCursor(tx: Tx, tenantId: string, workerId: string, toSeq: number): Promise<boolean> {
  const rows = await tx`
    update push_cursors set last_seq = greatest(last_seq, ${toSeq}), locked_by = null, locked_until = null,
                            updated_at = now()
     where tenant_id = ${tenantId} and locked_by = ${workerId}
    returning tenant_id`;
  return rows.length > 0;
}

/** Gives a lease back without moving the cursor (the round failed before recording). */
export async function releasePushCursor(sql: Sql, tenantId: string, workerId: string): Promise<void> {
  await sql`update push_cursors set locked_by = null, locked_until = null
             where tenant_id = ${tenantId} and locked_by = ${workerId}`;
}

/** A tenant's cursor, or null when no device of it has ever taken pushes. */
export async function getPushCursor(tx: Queryable, tenantId: string): Promise<number | null> {
  const [row] = await tx<{ lastSeq: string | number }[]>`
    select last_seq from push_cursors where tenant_id = ${tenantId}`;
  return row ? Number(row.lastSeq) : null;
}
