// Owns the tenant plan limits that writes must respect.
import type { Tx } from '../create-db.ts';

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
    select t.max_dialogs_per_month as limit,
           (select count(*)::int from conversations c
             where c.tenant_id = t.id and c.created_at >= date_trunc('month', now() at time zone 'UTC') at time zone 'UTC') as used
      from tenants t where t.id = ${tenantId}
       for no key update`;
  if (!row) throw new Error(`tenant ${tenantId} is not visible to this transaction`);
  return { allowed: row.used < row.limit, limit: row.limit, used: row.used };
}
