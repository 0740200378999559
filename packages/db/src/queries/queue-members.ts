// Owns reads of queue membership from the operator's side (the queue's side,
// replacing its member list, lives with queues.ts), and the access (role,
// activity, queues) that decides an operator's socket rooms.
import type { Queryable } from '../create-db.ts';
import type { OperatorRole } from './operators.ts';

/** The queues an operator belongs to. Run it inside withTenant. */
export async function listOperatorQueueIds(tx: Queryable, tenantId: string, operatorId: string): Promise<string[]> {
  const rows = await tx<{ queueId: string }[]>`
    select queue_id from queue_members where tenant_id = ${tenantId} and operator_id = ${operatorId} order by queue_id`;
  return rows.map((row) => row.queueId);
}

/** What decides an operator's socket rooms: role, whether active, and queues. */
export type OperatorAccessRow = {
  tenantId: string;
  operatorId: string;
  role: OperatorRole;
  isActive: boolean;
  queueIds: string[];
};

/**
 * The access of the operators named, in one read. Inside withTenant it sees
 * that tenant's operators; a gateway's periodic check runs it outside, across
 * the tenants of its sockets (as getSessionStates does).
 */
export async function listOperatorAccess(tx: Queryable, operatorIds: string[]): Promise<OperatorAccessRow[]> {
  if (operatorIds.length === 0) return [];
  return tx<OperatorAccessRow[]>`
    select o.tenant_id, o.id as operator_id, o.role, o.is_active,
           array(select qm.queue_id::text from queue_members qm
                  where qm.tenant_id = o.tenant_id and qm.operator_id = o.id order by qm.queue_id) as queue_ids
      from operators o
     where o.id = any(${operatorIds}::uuid[])`;
}
