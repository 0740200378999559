// Owns the SLA engine's side of the database: the cross-tenant scan of due
// warnings and breaches on the partial indexes of migration 0006, the next
// moment to sleep until, and firing a tenant's due conversations in one
// statement, exactly once, under their row locks.
import type { Queryable, Sql, Tx } from '../create-db.ts';
import type { ConversationRow } from './conversations.ts';
import type { SlaEventRow, SlaKind } from './sla.ts';

/** A warning or breach whose moment has come: `moment` is the warn or due time, `dueAt` the deadline. */
export type SlaFiring = { kind: SlaKind; event: 'warning' | 'breach'; moment: Date; dueAt: Date };

// The engine's predicates, written exactly as the partial indexes of 0006 are
// so the planner uses them. A due clock stays until its breach is recorded,
// even when the reply or resolution came (late) in the meantime.
const firstResponseWarn = (q: Queryable) => q`first_response_warn_at is not null and not first_response_warned
  and not first_response_breached and first_response_at is null and resolved_at is null`;
const firstResponseDue = (q: Queryable) => q`first_response_due_at is not null and not first_response_breached
  and coalesce(first_response_at, resolved_at, 'infinity') > first_response_due_at`;
const resolutionWarn = (q: Queryable) => q`resolution_warn_at is not null and not resolution_warned
  and not resolution_breached and resolved_at is null`;
const resolutionDue = (q: Queryable) => q`resolution_due_at is not null and not resolution_breached
  and coalesce(resolved_at, 'infinity') > resolution_due_at`;

/**
 * Conversations of every tenant with a warning or breach due now, earliest
 * first. Runs on the plain pool (the schema owner, no RLS), outside any
 * tenant transaction; each tenant's are then fired together in a transaction
 * of that tenant (fireDueSla).
 */
export async function findDueSlaConversations(
  sql: Sql,
  limit: number,
): Promise<{ tenantId: string; id: string; moment: Date }[]> {
  return sql<{ tenantId: string; id: string; moment: Date }[]>`
    select tenant_id, id, min(moment) as moment from (
      (select tenant_id, id, first_response_warn_at as moment from conversations
        where ${firstResponseWarn(sql)} and first_response_warn_at <= now()
        order by first_response_warn_at limit ${limit})
      union all
      (select tenant_id, id, first_response_due_at from conversations
        where ${firstResponseDue(sql)} and first_response_due_at <= now()
        order by first_response_due_at limit ${limit})
      union all
      (select tenant_id, id, resolution_warn_at from conversations
        where ${resolutionWarn(sql)} and resolution_warn_at <= now()
        order by resolution_warn_at limit ${limit})
      union all
      (select tenant_id, id, resolution_due_at from conversations
        where ${resolutionDue(sql)} and resolution_due_at <= now()
        order by resolution_due_at limit ${limit})
    ) due
    group by tenant_id, id
    order by min(moment)
    limit ${limit}`;
}

/** Milliseconds from the database's clock to the next warning or breach of any tenant (negative: overdue); null: none. */
export async function msUntilNextSlaMoment(sql: Sql): Promise<number | null> {
  const [row] = await sql<{ ms: number | null }[]>`
    select (extract(epoch from least(
      (select min(first_response_warn_at) from conversations where ${firstResponseWarn(sql)}),
      (select min(first_response_due_at) from conversations where ${firstResponseDue(sql)}),
      (select min(resolution_warn_at) from conversations where ${resolutionWarn(sql)}),
      (select min(resolution_due_at) from conversations where ${resolutionDue(sql)})
    ) - clock_timestamp()) * 1000)::float8 as ms`;
  return row?.ms ?? null;
}

/** A warning or breach fired: its sla_events row, the conversation as it now is, and the moment it was due. */
export type SlaFired = { conversation: ConversationRow; firing: SlaFiring; event: SlaEventRow };

type FiredRow = ConversationRow & {
  slaEventId: string;
  slaKind: SlaKind;
  slaEvent: 'warning' | 'breach';
  slaDueAt: Date;
  slaAt: Date;
  slaMoment: Date;
  slaOrd: number;
};

/**
 * Fires whatever is due now on these conversations of one tenant, in one
 * statement: locks the ones no other worker holds (SKIP LOCKED: a held one is
 * being fired there), decides what is due on each by the very predicates the
 * scan used (so a scanned row is never misjudged), sets the flags (so the
 * partial indexes drop them) and inserts the sla_events rows. Only firings
 * whose row was inserted come back: one already there was fired by someone
 * else, and emits nothing. They come back in moment order, a warning before
 * the breach due with it (a worker that was down, or woke at its one-second
 * bound). A warning whose clock has stopped (answered, resolved) is not sent at
 * all: it would warn about nothing. A breach is recorded even then: the target
 * was missed.
 */
export async function fireDueSla(tx: Tx, tenantId: string, ids: readonly string[]): Promise<SlaFired[]> {
  if (ids.length === 0) return [];
  // clock_timestamp(), not now(): `at` is when it actually fired, which is what lateness is measured on.
  const rows = await tx<FiredRow[]>`
    with due as (
      select id,
             (${firstResponseWarn(tx)} and first_response_warn_at <= now()) as first_warn,
             (${firstResponseDue(tx)} and first_response_due_at <= now()) as first_breach,
             (${resolutionWarn(tx)} and resolution_warn_at <= now()) as resolution_warn,
             (${resolutionDue(tx)} and resolution_due_at <= now()) as resolution_breach
        from conversations
       where tenant_id = ${tenantId} and id = any(${tx.array(ids as string[])}::uuid[])
       for no key update skip locked
    ), flagged as (
      update conversations c set
        first_response_warned = c.first_response_warned or d.first_warn or d.first_breach,
        first_response_breached = c.first_response_breached or d.first_breach,
        resolution_warned = c.resolution_warned or d.resolution_warn or d.resolution_breach,
        resolution_breached = c.resolution_breached or d.resolution_breach
        from due d
       where c.tenant_id = ${tenantId} and c.id = d.id
         and (d.first_warn or d.first_breach or d.resolution_warn or d.resolution_breach)
      returning c.*
    ), firing as (
      select f.id as conversation_id, x.ord, x.kind, x.event, x.due_at, x.moment
        from flagged f
        join due d on d.id = f.id
        cross join lateral (values
          (1, 'first_response', 'warning', f.first_response_due_at, f.first_response_warn_at, d.first_warn),
          (2, 'first_response', 'breach', f.first_response_due_at, f.first_response_due_at, d.first_breach),
          (3, 'resolution', 'warning', f.resolution_due_at, f.resolution_warn_at, d.resolution_warn),
          (4, 'resolution', 'breach', f.resolution_due_at, f.resolution_due_at, d.resolution_breach)
        ) x (ord, kind, event, due_at, moment, due_now)
       where x.due_now and x.due_at is not null and x.moment is not null
    ), inserted as (
      insert into sla_events (tenant_id, conversation_id, kind, event, due_at, at)
      select ${tenantId}, conversation_id, kind, event, due_at, clock_timestamp()
        from firing
       order by moment, ord
      on conflict (tenant_id, conversation_id, kind, event, due_at) do nothing
      returning id, conversation_id, kind, event, due_at, at
    )
    select f.*, i.id as sla_event_id, i.kind as sla_kind, i.event as sla_event, i.due_at as sla_due_at,
           i.at as sla_at, x.moment as sla_moment, x.ord as sla_ord
      from inserted i
      join firing x on x.conversation_id = i.conversation_id and x.kind = i.kind and x.event = i.event
      join flagged f on f.id = i.conversation_id`;
  return rows
    .sort((a, b) => a.slaMoment.getTime() - b.slaMoment.getTime() || a.slaOrd - b.slaOrd)
    .map(({ slaEventId, slaKind, slaEvent, slaDueAt, slaAt, slaMoment, slaOrd: _, ...conversation }) => ({
      conversation,
      firing: { kind: slaKind, event: slaEvent, moment: slaMoment, dueAt: slaDueAt },
      event: {
        tenantId,
        id: slaEventId,
        conversationId: conversation.id,
        kind: slaKind,
        event: slaEvent,
        dueAt: slaDueAt,
        at: slaAt,
      },
    }));
}
