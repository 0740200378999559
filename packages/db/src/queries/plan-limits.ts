// Owns the tenant plan limits that writes must respect.
import type { Tx } from '../create-db.ts';

/**
 * Whether the tenant may open one more conversation this calendar month (UTC).
 * Locks the tenant row, the same lock the event log takes, so concurrent
 * first contacts cannot overshoot the limit together.
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
       for update`;
  if (!row) throw new Error(`tenant ${tenantId} is not visible to this transaction`);
  return { allowed: row.used < row.limit, limit: row.limit, used: row.used };
}
