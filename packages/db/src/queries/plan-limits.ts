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
 * Concurrent first contacts of one tenant take turns on a transaction-scoped
 * advisory lock of their own, so they cannot overshoot the limit together; the
 * tenants row is not locked (the event log's seq allocation takes that at the
 * end of the transaction, and holding it from here would serialise the
 * tenant's whole ingest behind this check).
 */
export async function dialogAllowance(
  tx: Tx,
  tenantId: string,
): Promise<{ allowed: boolean; limit: number; used: number }> {
  await tx`select pg_advisory_xact_lock(hashtext('relay.dialog_allowance'), hashtext(${tenantId}))`;
  const [row] = await tx<{ limit: number; used: number }[]>`
    select t.max_dialogs_per_month as limit, ${dialogsThisMonthCount(tx)} as used
      from tenants t where t.id = ${tenantId}`;
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
