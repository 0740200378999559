// Owns the tenant plan limits that writes must respect, and what counts
// against them: the same counts decide a write and show as usage (GET /tenant).
import type { Queryable, Tx } from '../create-db.ts';

/** Active operators of tenant `t`: what max_operators counts. */
export const activeOperatorCount = (tx: Queryable) =>
  tx`(select count(*)::int from operators o where o.tenant_id = t.id and o.is_active)`;

/** Conversations of tenant `t` created this calendar month (UTC): what max_dialogs_per_month counts. */
export const dialogsThisMonthCount = (tx: Queryable) =>
  tx`(select count(*)::int from conversations c
       where c.tenant_id = t.id and c.created_at >= date_trunc('month', now() at time zone 'UTC') at time zone 'UTC')`;

/**
 * Whether the tenant may open one more conversation this calendar month (UTC).
 * Locks the tenant row FOR NO KEY UPDATE, which the event log's counter update
 * also takes, so concurrent first contacts cannot overshoot the limit together.
 * Not FOR UPDATE: that conflicts with the KEY SHARE locks every foreign-key
 * check on the tenant takes, and two ingests would deadlock.
 */
export async function dialogAllowance(
  tx: Tx,
  tenantId: string,
): Promise<{ allowed: boolean; limit: number; used: number }> {
  const [row] = await tx<{ limit: number; used: number }[]>`
    select t.max_dialogs_per_month as limit, ${dialogsThisMonthCount(tx)} as used
      from tenants t where t.id = ${tenantId}
       for no key update`;
  if (!row) throw new Error(`tenant ${tenantId} is not visible to this transaction`);
  return { allowed: row.used < row.limit, limit: row.limit, used: row.used };
}

/** How much of its limits the tenant uses now; a read for display, so nothing is locked. */
export async function tenantUsage(
  tx: Queryable,
  tenantId: string,
): Promise<{ activeOperators: number; dialogsThisMonth: number }> {
  const [row] = await tx<{ activeOperators: number; dialogsThisMonth: number }[]>`
    select ${activeOperatorCount(tx)} as active_operators, ${dialogsThisMonthCount(tx)} as dialogs_this_month
      from tenants t where t.id = ${tenantId}`;
  if (!row) throw new Error(`tenant ${tenantId} is not visible to this transaction`);
  return row;
}
