// Owns the SLA engine's side of the database: the cross-tenant scan of due
// warnings and breaches on the partial indexes of migration 0006, the next
// moment to sleep until, and firing one exactly once under a row lock.
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
 * tenant transaction; each is then fired in its tenant's own transaction.
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

/**
 * The conversation locked for firing, with what is due on it now (decided by
 * the very predicates the scan used, so a scanned row is never misjudged);
 * undefined when another worker holds it (SKIP LOCKED: it is firing it now).
 */
export async function lockConversationForSla(
  tx: Tx,
  tenantId: string,
  id: string,
): Promise<{ conversation: ConversationRow; firings: SlaFiring[] } | undefined> {
  type Flags = {
    slaFirstWarn: boolean;
    slaFirstBreach: boolean;
    slaResolutionWarn: boolean;
    slaResolutionBreach: boolean;
  };
  const [row] = await tx<(ConversationRow & Flags)[]>`
    select *,
           (${firstResponseWarn(tx)} and first_response_warn_at <= now()) as sla_first_warn,
           (${firstResponseDue(tx)} and first_response_due_at <= now()) as sla_first_breach,
           (${resolutionWarn(tx)} and resolution_warn_at <= now()) as sla_resolution_warn,
           (${resolutionDue(tx)} and resolution_due_at <= now()) as sla_resolution_breach
      from conversations
     where tenant_id = ${tenantId} and id = ${id}
     for no key update skip locked`;
  if (!row) return undefined;
  const { slaFirstWarn, slaFirstBreach, slaResolutionWarn, slaResolutionBreach, ...conversation } = row;
  // Moment order: a warning due together with its breach (a worker that was
  // down, or woke at its one-second bound) still goes first. A warning whose
  // clock has stopped (answered, resolved) is not sent at all: it would warn
  // about nothing. A breach is recorded even then: the target was missed.
  const clocks = [
    {
      kind: 'first_response' as const,
      dueAt: conversation.firstResponseDueAt,
      warnAt: conversation.firstResponseWarnAt,
      warn: slaFirstWarn,
      breach: slaFirstBreach,
    },
    {
      kind: 'resolution' as const,
      dueAt: conversation.resolutionDueAt,
      warnAt: conversation.resolutionWarnAt,
      warn: slaResolutionWarn,
      breach: slaResolutionBreach,
    },
  ];
  const firings: SlaFiring[] = [];
  for (const { kind, dueAt, warnAt, warn, breach } of clocks) {
    if (!dueAt) continue;
    if (warn && warnAt) firings.push({ kind, event: 'warning', moment: warnAt, dueAt });
    if (breach) firings.push({ kind, event: 'breach', moment: dueAt, dueAt });
  }
  return { conversation, firings };
}

/**
 * Fires one warning or breach on a locked conversation: sets its flag (so the
 * partial index drops it) and inserts the sla_events row. `event` is
 * undefined when the row already existed: someone else fired it, emit nothing.
 */
export async function recordSlaFiring(
  tx: Tx,
  tenantId: string,
  conversationId: string,
  firing: SlaFiring,
): Promise<{ conversation: ConversationRow; event: SlaEventRow | undefined }> {
  const first = firing.kind === 'first_response';
  const breach = firing.event === 'breach';
  const [conversation] = await tx<ConversationRow[]>`
    update conversations set
      first_response_warned = first_response_warned or ${first},
      first_response_breached = first_response_breached or ${first && breach},
      resolution_warned = resolution_warned or ${!first},
      resolution_breached = resolution_breached or ${!first && breach}
     where tenant_id = ${tenantId} and id = ${conversationId}
    returning *`;
  if (!conversation) throw new Error(`conversation ${conversationId} not found`);
  // clock_timestamp(), not now(): `at` is when it actually fired, which is what lateness is measured on.
  const [event] = await tx<SlaEventRow[]>`
    insert into sla_events (tenant_id, conversation_id, kind, event, due_at, at)
    values (${tenantId}, ${conversationId}, ${firing.kind}, ${firing.event}, ${firing.dueAt}, clock_timestamp())
    on conflict (tenant_id, conversation_id, kind, event, due_at) do nothing
    returning *`;
  return { conversation, event };
}
