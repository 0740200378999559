// Owns reads of queue membership from the operator's side (the queue's side,
// replacing its member list, lives with queues.ts).
import type { Queryable } from '../create-db.ts';

/** The queues an operator belongs to. Run it inside withTenant. */
export async function listOperatorQueueIds(tx: Queryable, tenantId: string, operatorId: string): Promise<string[]> {
  const rows = await tx<{ queueId: string }[]>`
    select queue_id from queue_members where tenant_id = ${tenantId} and operator_id = ${operatorId} order by queue_id`;
  return rows.map((row) => row.queueId);
}
